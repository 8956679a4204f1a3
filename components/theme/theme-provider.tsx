"use client";

import { useCallback, useEffect, useSyncExternalStore, type ReactNode } from "react";
import { applyTheme, onSystemThemeChange, readStoredTheme, themeClass, THEME_STORAGE_KEY, type Theme } from "@/lib/theme";

// The choice lives in this browser's localStorage; the first paint is THEME_SCRIPT's (lib/theme.ts)
// and this provider keeps <html>'s class right afterwards: on a choice, when another tab of the
// same host chooses, when a page comes back from the back/forward cache, and when the device
// switches between light and dark under "system".
//
// No React context: each reader subscribes to the store itself. A context value that changed
// right after hydration (the server cannot know the choice) would make React hydrate every
// pending Suspense boundary at once, and render still-streaming ones again on the client.

const listeners = new Set<() => void>();
// A choice made where storage is refused holds for this page's life (until another tab's choice).
let unstored: Theme | undefined;

function notify(): void {
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  const fromOtherTab = (event: StorageEvent) => {
    if (event.key !== THEME_STORAGE_KEY && event.key !== null) return;
    unstored = undefined;
    listener();
  };
  const restored = (event: PageTransitionEvent) => {
    if (event.persisted) listener();
  };
  listeners.add(listener);
  window.addEventListener("storage", fromOtherTab);
  window.addEventListener("pageshow", restored);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", fromOtherTab);
    window.removeEventListener("pageshow", restored);
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
  notify();
}

/** Applies `theme` with transitions off, so colours change at once rather than fading element by element. */
function switchTo(theme: Theme): void {
  const root = document.documentElement;
  const wanted = themeClass(theme);
  // Already right (the usual case after hydration: the before-paint script set it): no restyle.
  if (root.classList.contains(wanted) && !root.classList.contains(wanted === "dark" ? "light" : "dark")) return;
  root.classList.add("theme-changing");
  try {
    applyTheme(theme);
    // Once the new colours are computed, transitions may run again.
    void window.getComputedStyle(document.body).color;
  } finally {
    root.classList.remove("theme-changing");
  }
}

/** The theme as chosen (null on the server and during hydration: the server cannot read it) and how to choose another. */
export function useTheme(): { theme: Theme | null; setTheme: (theme: Theme) => void } {
  const theme = useSyncExternalStore(subscribe, chosenTheme, () => null);
  const setTheme = useCallback((next: Theme) => store(next), []);
  return { theme, setTheme };
}

/** Keeps <html>'s class on the chosen theme; renders its children as they are. */
export function ThemeProvider({ children }: { children: ReactNode }) {
  const { theme } = useTheme();
  useEffect(() => {
    if (theme === null) return;
    switchTo(theme);
    return theme === "system" ? onSystemThemeChange(() => switchTo("system")) : undefined;
  }, [theme]);
  return children;
}
