const BASE = "http://atrium.invalid";
const MAX_LENGTH = 2048;

// Control characters (tabs and newlines are stripped by URL parsers, so `/\t/evil` becomes
// `//evil`), DEL and backslashes (browsers read `\` as `/` in special URLs).
const FORBIDDEN = /[\u0000-\u001f\u007f\\]/;

function isPathOnly(path: string): boolean {
  return path.startsWith("/") && !path.startsWith("//") && !FORBIDDEN.test(path);
}

/**
 * A same-site relative path from untrusted input (`?next=`), or the fallback. The input is
 * normalised first (dot segments resolved the way a browser resolves them, so `/.//evil`
 * becomes `//evil`) and the normalised result is what gets checked: it must parse against our
 * own origin to our own origin, must not start with `//` or `/\` (protocol-relative), and must
 * be stable, i.e. normalising it again changes nothing.
 */
export function safeRedirectPath(next: unknown, fallback: string): string {
  if (typeof next !== "string" || next.length > MAX_LENGTH || !isPathOnly(next)) return fallback;
  let url: URL;
  try {
    url = new URL(next, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  const normalised = `${url.pathname}${url.search}${url.hash}`;
  if (!isPathOnly(normalised)) return fallback;
  try {
    const again = new URL(normalised, BASE);
    if (again.origin !== BASE || `${again.pathname}${again.search}${again.hash}` !== normalised) return fallback;
  } catch {
    return fallback;
  }
  return normalised;
}

/** `path` (already from safeRedirectPath) as an absolute URL on `origin`; never another origin. */
export function sameOriginUrl(path: string, origin: string, fallback = "/"): URL {
  const url = new URL(path, origin);
  return url.origin === new URL(origin).origin ? url : new URL(fallback, origin);
}

/**
 * Where sign-in on the apex goes when nothing asked for a page: a route (app/auth/landing) that
 * sends the person to the workspace they used last, or to their list of workspaces.
 */
export const SIGN_IN_LANDING = "/auth/landing";

// Paths that exist on the apex; anything else (e.g. a tenant's /dashboard) falls back.
const APEX_PREFIXES = ["/workspaces", "/new", "/pricing", "/dev/", "/invite/", "/verify-email/", "/auth/continue?", "/account", SIGN_IN_LANDING];

/** Where to go on the apex after sign-in: an explicit apex `next`, else the landing route. */
export function apexNext(next: unknown): string {
  const path = safeRedirectPath(next, SIGN_IN_LANDING);
  return APEX_PREFIXES.some((p) => path === p || path.startsWith(p)) ? path : SIGN_IN_LANDING;
}
