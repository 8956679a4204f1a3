"use client";

import { ThemeProvider as NextThemesProvider } from "next-themes";
import type { ReactNode } from "react";
import { THEME_STORAGE_KEY, THEMES } from "@/lib/theme";

// next-themes keeps the choice and applies it after hydration; the first paint is THEME_SCRIPT's
// (see lib/theme.ts). Its own inline script is typed as data so the browser neither runs it nor
// reports it to the CSP: its text changes with the bundler, so no hash could be listed for it.
const INERT_SCRIPT = { type: "application/json" } as const;

export function ThemeProvider({ children }: { children: ReactNode }) {
  return (
    <NextThemesProvider
      attribute="class"
      storageKey={THEME_STORAGE_KEY}
      themes={THEMES.filter((t) => t !== "system")}
      enableSystem
      defaultTheme="system"
      enableColorScheme={false}
      disableTransitionOnChange
      scriptProps={INERT_SCRIPT}
    >
      {children}
    </NextThemesProvider>
  );
}
