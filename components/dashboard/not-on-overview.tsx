"use client";

import type { ReactNode } from "react";
import { useVisiblePath } from "./use-visible-path";

/**
 * A dashboard-wide notice that Overview's "Needs attention" list already carries (trial ending,
 * payment failed, quota near): shown on every page but that one, so it is never said twice. A
 * client check, since the layout is not rendered again when moving between pages.
 */
export function NotOnOverview({ children }: { children: ReactNode }) {
  return useVisiblePath() === "/dashboard" ? null : children;
}
