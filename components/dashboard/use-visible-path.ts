"use client";

import { usePathname } from "next/navigation";

/** The path the browser shows: rewritten tenant paths arrive as /t/{slug}/dashboard/... */
export function useVisiblePath(): string {
  return usePathname().replace(/^\/t\/[^/]+/, "");
}
