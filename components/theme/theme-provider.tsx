"use client";

import { createContext, useCallback, useContext, useEffect, useMemo, useSyncExternalStore, type ReactNode } from "react";
import { applyTheme, onSystemThemeChange, readStoredTheme, THEME_STORAGE_KEY, type Theme } from "@/lib/theme";

// The choice lives in this browser's localStorage; the first paint is THEME_SCRIPT's (lib/theme.ts)
// and this provider keeps <html>'s class right afterwards: on a choice, when another tab of the
// same host chooses, and when the device switches between light and dark under "system".

type ThemeState = { theme: Theme | null; setTheme: (theme: Theme) => void };

const ThemeContext = createContext<ThemeState>({ theme: null, setTheme: () => {} });

const listeners = new Set<() => void>();
// A choice made where storage is refused holds for this page's life.
let unstored: Theme | undefined;

function subscribe(listener: () => void): () => void {
  const fromOtherTab = (event: StorageEvent) => {
    if (event.key === THEME_STORAGE_KEY || event.key === null) listener();
  };
  listeners.add(listener);
  window.addEventListener("storage", fromOtherTab);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", fromOtherTab);
  };
}

const chosenTheme = (): Theme => unstored ?? readStoredTheme();

function store(theme: Theme): void {
  try {
    localStorage.setItem(THEME_STORAGE_KEY, theme);
    unstored = undefined;
  } catch {
    unstored = theme;
  }
  for (const listener of listeners) listener();
}

/** Colours change at once, not through every element's hover transition. */
function withoutTransitions(change: () => void): void {
  const root = document.documentElement;
  root.classList.add("theme-changing");
  change();
  // Once the new colours are computed, transitions may run again.
  void window.getComputedStyle(document.body).color;
  root.classList.remove("theme-changing");
}

export function ThemeProvider({ children }: { children: ReactNode }) {
  // null on the server and during hydration: the server cannot read the stored choice.
  const theme = useSyncExternalStore(subscribe, chosenTheme, () => null);
  useEffect(() => {
    if (theme === null) return;
    withoutTransitions(() => applyTheme(theme));
    return theme === "system" ? onSystemThemeChange(() => withoutTransitions(() => applyTheme("system"))) : undefined;
  }, [theme]);
  const setTheme = useCallback((next: Theme) => store(next), []);
  const value = useMemo(() => ({ theme, setTheme }), [theme, setTheme]);
  return <ThemeContext value={value}>{children}</ThemeContext>;
}

/** The theme as chosen (null until the browser has read it) and how to choose another. */
export function useTheme(): ThemeState {
  return useContext(ThemeContext);
}
