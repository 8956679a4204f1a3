import { createHash } from "node:crypto";
import { THEME_SCRIPT } from "../../lib/theme";
import { env } from "../env";

/** The root layout's theme script, allowed by its hash on every page (it cannot carry a nonce on a prerendered one). */
export const THEME_SCRIPT_HASH = `sha256-${createHash("sha256").update(THEME_SCRIPT, "utf8").digest("base64")}`;

// Per-request security headers set by proxy.ts. The static ones (nosniff, Referrer-Policy,
// Permissions-Policy, COOP, X-Frame-Options) are in next.config.ts so they reach static files too.

/** A fresh nonce per request (128 bits, base64). */
export function createNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/**
 * The Content-Security-Policy. Scripts, on pages rendered per request: only those carrying this
 * request's nonce (Next.js puts it on its own inline and external scripts when it finds the
 * policy on the request) and what they load ('strict-dynamic'); `'self'` and `https:` are
 * fallbacks only for browsers without CSP3, which ignore 'strict-dynamic'.
 * On prerendered pages (no nonce possible) `scriptHashes` lists their inline scripts, and
 * `'self'` admits Next's own chunks: the `<script src>` tags in the HTML are parser-inserted, so
 * 'strict-dynamic' would block them (it ignores 'self'), and `https:` would admit any host.
 * Never 'unsafe-inline'. Styles allow inline attributes: React style props (brand colours, sizes)
 * are `style=""` attributes, which nonces cannot cover.
 */
export function contentSecurityPolicy(options: { nonce?: string; scriptHashes?: string[]; dev?: boolean } = {}): string {
  const script = options.nonce
    ? ["'self'", `'nonce-${options.nonce}'`, `'${THEME_SCRIPT_HASH}'`, "'strict-dynamic'", "https:"]
    : ["'self'", ...[...new Set([THEME_SCRIPT_HASH, ...(options.scriptHashes ?? [])])].map((h) => `'${h}'`)];
  // next dev's React debugging needs eval; never in production.
  if (options.dev) script.push("'unsafe-eval'");
  return [
    "default-src 'self'",
    `script-src ${script.join(" ")}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
    "frame-src 'none'",
    "worker-src 'self' blob:",
    "manifest-src 'self'",
  ].join("; ");
}

/**
 * Whether the browser reached us over https: the public protocol says so, or a trusted proxy's
 * X-Forwarded-Proto (the entry TRUST_PROXY_HOPS from the right) does. A client's own
 * X-Forwarded-Proto counts only behind a trusted proxy.
 */
export function isHttpsRequest(url: URL, headers: Headers): boolean {
  if (url.protocol === "https:") return true;
  if (!env.TRUST_PROXY) return false;
  const protos = (headers.get("x-forwarded-proto") ?? "")
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  return protos[Math.max(0, protos.length - env.TRUST_PROXY_HOPS)] === "https";
}

/** HSTS for https answers; subdomains only on the platform's own hosts, never a customer's domain. */
export function strictTransportSecurity(platformHost: boolean): string {
  return platformHost ? "max-age=31536000; includeSubDomains" : "max-age=31536000";
}
