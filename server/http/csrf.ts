import { env } from "../env";

/** The origin this request was addressed to: the public protocol plus the Host header. */
export function expectedOrigin(headers: Headers, protocol: "http" | "https" = env.PUBLIC_PROTOCOL): string | null {
  const host = headers.get("host");
  // A plain host[:port] only: anything else (userinfo, paths) could parse into another origin.
  if (!host || !/^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/i.test(host)) return null;
  try {
    // Parsing normalises case and default ports (`Host: a.test:443` on https is `https://a.test`).
    return new URL(`${protocol}://${host}`).origin;
  } catch {
    return null;
  }
}

/**
 * State-changing requests must come from our own page on the same origin: the Origin header
 * (sent by every current browser on POST) must equal scheme, host and port of the expected
 * origin (PUBLIC_PROTOCOL + Host). Without Origin, Sec-Fetch-Site must say same-origin; a
 * request with neither is refused.
 */
export function isSameOriginRequest(headers: Headers, protocol: "http" | "https" = env.PUBLIC_PROTOCOL): boolean {
  const origin = headers.get("origin");
  if (origin) {
    const expected = expectedOrigin(headers, protocol);
    if (!expected || origin === "null") return false;
    try {
      return new URL(origin).origin === expected;
    } catch {
      return false;
    }
  }
  return headers.get("sec-fetch-site") === "same-origin";
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

// Not cookie-authenticated, so not forgeable across sites: the public API (API keys) and
// webhooks (signatures). Everything else that changes state needs a same-origin request.
const CSRF_EXEMPT_PREFIXES = ["/api/v1/", "/api/webhooks/"];

/** Whether proxy.ts must refuse this request as cross-site (every method but GET, HEAD, OPTIONS). */
export function isForgeableStateChange(method: string, pathname: string, headers: Headers): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return false;
  if (CSRF_EXEMPT_PREFIXES.some((p) => pathname.startsWith(p) || pathname === p.slice(0, -1))) return false;
  return !isSameOriginRequest(headers);
}
