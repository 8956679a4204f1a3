"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { onWorkspaceChange } from "@/lib/workspace-changes";

/** Away this long, a tab shows the frame again fresh when it comes back (changes by other people). */
const AWAY_MS = 60_000;

/**
 * Keeps the dashboard's frame (name, logo, navigation for the role, banners, unread count) from
 * going stale in a tab left open: refreshed at once when another tab of this workspace changed
 * something while this one is on screen, on return when it was hidden, or when it was away for a
 * minute. A refresh keeps what was typed in forms (React state survives it).
 */
export function RefreshWhenBack() {
  const router = useRouter();
  useEffect(() => {
    let stale = false;
    let hiddenAt: number | null = null;
    const refresh = () => {
      stale = false;
      router.refresh();
    };
    const stop = onWorkspaceChange(() => {
      if (document.visibilityState === "visible") refresh();
      else stale = true;
    });
    const onVisibility = () => {
      if (document.visibilityState === "hidden") {
        hiddenAt = Date.now();
        return;
      }
      if (stale || (hiddenAt !== null && Date.now() - hiddenAt >= AWAY_MS)) refresh();
      hiddenAt = null;
    };
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      stop();
      document.removeEventListener("visibilitychange", onVisibility);
    };
  }, [router]);
  return null;
}
