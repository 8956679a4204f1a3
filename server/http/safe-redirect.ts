/**
 * A same-site relative path from untrusted input (`?next=`), or the fallback. Parsing against a
 * dummy origin catches `//evil`, `/\evil`, `/<tab>/evil` and friends, which browsers would
 * otherwise treat as another host.
 */
export function safeRedirectPath(next: unknown, fallback: string): string {
  if (typeof next !== "string" || !next.startsWith("/") || /[\u0000-\u001f\\]/.test(next)) return fallback;
  try {
    const base = "http://atrium.invalid";
    const url = new URL(next, base);
    if (url.origin !== base) return fallback;
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return fallback;
  }
}

// Paths that exist on the apex; anything else (e.g. a tenant's /dashboard) falls back.
const APEX_PREFIXES = ["/workspaces", "/new", "/pricing", "/dev/", "/invite/", "/auth/continue?", "/account"];

/** Where to go on the apex after sign-in. */
export function apexNext(next: unknown): string {
  const path = safeRedirectPath(next, "/workspaces");
  return APEX_PREFIXES.some((p) => path.startsWith(p)) ? path : "/workspaces";
}
