// Dark mode: "system" (the default) follows the operating system; "light" and "dark" are kept in
// this browser's localStorage (per host: the apex and a workspace's host each keep their own).

export const THEME_STORAGE_KEY = "atrium-theme";
export const THEMES = ["system", "light", "dark"] as const;
export type Theme = (typeof THEMES)[number];
export const THEME_LABELS: Record<Theme, string> = { system: "System", light: "Light", dark: "Dark" };

/** What THEME_SCRIPT does, for a document React renders in the browser (app/global-error.tsx). */
export function applyStoredTheme(): void {
  let stored: string | null = null;
  try {
    stored = localStorage.getItem(THEME_STORAGE_KEY);
  } catch {
    // Storage refused (private mode, a policy): the system's setting decides.
  }
  const dark = stored === "dark" || (stored !== "light" && window.matchMedia("(prefers-color-scheme: dark)").matches);
  document.documentElement.classList.remove("light", "dark");
  document.documentElement.classList.add(dark ? "dark" : "light");
}

/**
 * Sets `light` or `dark` on <html> before the first paint, so a dark page never flashes white.
 * A constant, so its CSP hash is known ahead (security-headers.ts lists it on every page);
 * next-themes' own script is rendered inert (its text depends on the bundler) and next-themes
 * takes over after hydration, reading the same key.
 *
 * It also names the document's language on the German marketing pages (/de…): those are
 * prerendered under the one root layout, which cannot see the path, so their HTML says `en` on
 * <html> and `de` on the wrapper around everything in <body> (right without JavaScript too).
 */
export const THEME_SCRIPT = `(function(){try{var t=localStorage.getItem(${JSON.stringify(THEME_STORAGE_KEY)});var d=t==="dark"||(t!=="light"&&window.matchMedia("(prefers-color-scheme: dark)").matches);document.documentElement.classList.add(d?"dark":"light")}catch(e){}if(location.pathname.split("/")[1]==="de")document.documentElement.lang="de"})()`;
