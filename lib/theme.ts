// Dark mode: "system" (the default) follows the operating system; "light" and "dark" are kept in
// this browser's localStorage (per host: the apex and a workspace's host each keep their own).

export const THEME_STORAGE_KEY = "atrium-theme";
export const THEMES = ["system", "light", "dark"] as const;
export type Theme = (typeof THEMES)[number];
export const THEME_LABELS: Record<Theme, string> = { system: "System", light: "Light", dark: "Dark" };

const DARK_QUERY = "(prefers-color-scheme: dark)";

/** The stored choice; "system" when there is none, it is unknown, or storage is refused. */
export function readStoredTheme(): Theme {
  try {
    const stored = localStorage.getItem(THEME_STORAGE_KEY);
    return THEMES.includes(stored as Theme) ? (stored as Theme) : "system";
  } catch {
    // Storage refused (private mode, a policy): the system's setting decides.
    return "system";
  }
}

/** The class <html> carries for `theme`, "system" asking the device now. */
export function themeClass(theme: Theme): "light" | "dark" {
  return theme === "dark" || (theme === "system" && window.matchMedia(DARK_QUERY).matches) ? "dark" : "light";
}

/** Sets `light` or `dark` on <html> for `theme`. */
export function applyTheme(theme: Theme): void {
  const wanted = themeClass(theme);
  document.documentElement.classList.remove(wanted === "dark" ? "light" : "dark");
  document.documentElement.classList.add(wanted);
}

/** Follows the device's light or dark setting while it changes; returns the unsubscribe. */
export function onSystemThemeChange(listener: () => void): () => void {
  const media = window.matchMedia(DARK_QUERY);
  media.addEventListener("change", listener);
  return () => media.removeEventListener("change", listener);
}

/** What THEME_SCRIPT does, for a document React renders in the browser (app/global-error.tsx). */
export function applyStoredTheme(): void {
  applyTheme(readStoredTheme());
}

/**
 * Sets `light` or `dark` on <html> before the first paint, so a dark page never flashes white.
 * A constant, so its CSP hash is known ahead (security-headers.ts lists it on every page);
 * components/theme/theme-provider.tsx takes over after hydration, reading the same key.
 *
 * It also names the document's language on the German marketing pages (/de…): those are
 * prerendered under the one root layout, which cannot see the path, so their HTML says `en` on
 * <html> and `de` on the wrapper around everything in <body> (right without JavaScript too).
 */
export const THEME_SCRIPT = `(function(){var t=null;try{t=localStorage.getItem(${JSON.stringify(THEME_STORAGE_KEY)})}catch(e){}try{var d=t==="dark"||(t!=="light"&&window.matchMedia("(prefers-color-scheme: dark)").matches);document.documentElement.classList.add(d?"dark":"light")}catch(e){}if(location.pathname.split("/")[1]==="de")document.documentElement.lang="de"})()`;
