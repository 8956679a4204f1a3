import { NextResponse, type NextRequest } from "next/server";
import { capabilityForPage, statusAllows } from "./lib/workspace-policy";
import { env } from "./server/env";
import { isDatabaseUnavailable, UNAVAILABLE_RETRY_SECONDS, unavailableError } from "./server/errors";
import { hadDatabaseTroubleRecently } from "./server/health/database-trouble";
import { databaseReachable } from "./server/health/check-readiness";
import { isForgeableStateChange } from "./server/http/csrf";
import { ALLOWED_METHODS, hasMalformedPercentEncoding, isActionRedirectFollowUp, isAllowedMethod } from "./server/http/request-guard";
import { parseHost, type HostTarget } from "./server/hosts/parse-host";
import { prerenderedScriptHashes } from "./server/http/prerendered-pages";
import { contentSecurityPolicy, createNonce, isHttpsRequest, strictTransportSecurity } from "./server/http/security-headers";
import type { TenantRoute } from "./server/db/cross-tenant";
import { resolveTenantByDomain, resolveTenantBySlug } from "./server/tenants/tenant-cache";
import { readSessionClaims, sessionTokenFrom } from "./server/auth/session-token";
import { READ_ONLY_SUPPORT_MESSAGE } from "./server/support/support-access";
import { builtMarketingPath, marketingRoute } from "./server/i18n/marketing-route";
import { LOCALE_COOKIE } from "./lib/i18n/locales";

// Host -> surface (DESIGN.md "Request flow"). Parse once, then one small function per surface.

const INTERNAL_PREFIXES = ["/t/", "/admin", "/status/", "/status-page"];
// Root-level routes that every host serves itself (not rewritten into a surface).
const SHARED_PATHS = ["/api/", "/auth/handoff"];

function isShared(pathname: string): boolean {
  return SHARED_PATHS.some((p) => pathname === p.replace(/\/$/, "") || pathname.startsWith(p));
}

// Every pass-through and rewrite forwards the request headers proxy() prepared (the CSP with
// this request's nonce, which Next.js reads to put the nonce on its scripts).
function pass(forward: Headers): NextResponse {
  return NextResponse.next({ request: { headers: forward } });
}

function rewrite(req: NextRequest, forward: Headers, pathname: string, status?: number): NextResponse {
  // A plain URL (not nextUrl.clone()): this runs on every tenant request.
  const url = new URL(pathname + req.nextUrl.search, req.url);
  return NextResponse.rewrite(url, { status, request: { headers: forward } });
}

const isInternal = (path: string) => INTERNAL_PREFIXES.some((p) => path === p.replace(/\/$/, "") || path.startsWith(p));

/** The path as Next.js routes it, percent-escapes decoded: `/%61dmin` reaches `/admin`. */
function routedPath(pathname: string): string {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return pathname; // malformed escapes are answered 400 before this runs
  }
}

function apex(req: NextRequest, forward: Headers): NextResponse {
  const { pathname } = req.nextUrl;
  // Internal rewrite targets are reachable only through their own hosts, however they are spelled,
  // and so is a dynamic segment's own name (`/[locale]`, which no address of ours contains).
  const routed = routedPath(pathname);
  if (isInternal(pathname) || isInternal(routed) || /[[\]]/.test(routed)) {
    return rewrite(req, forward, "/status/not-found", 404);
  }
  const marketing = marketingRoute(pathname, req.cookies.get(LOCALE_COOKIE)?.value);
  if (marketing?.kind === "rewrite") return rewrite(req, forward, marketing.path);
  if (marketing?.kind === "redirect" && (req.method === "GET" || req.method === "HEAD")) {
    const res = NextResponse.redirect(new URL(marketing.path + req.nextUrl.search, req.url), marketing.permanent ? 308 : 307);
    // Only the redirect depends on the cookie; the pages themselves stay the same for everyone.
    if (!marketing.permanent) res.headers.set("Cache-Control", "private, no-store");
    return res;
  }
  // A form posted to a plain address (a server action) goes to the page it was built as.
  const built = builtMarketingPath(pathname);
  return built ? rewrite(req, forward, built) : pass(forward);
}

function admin(req: NextRequest, forward: Headers): NextResponse {
  const { pathname } = req.nextUrl;
  if (isShared(pathname)) return pass(forward);
  // As on workspace hosts: a signed-out visitor is sent to sign in and back to this very page.
  forward.set("x-atrium-path", pathname + req.nextUrl.search);
  return rewrite(req, forward, `/admin${pathname === "/" ? "" : pathname}`);
}

/** The public status page (status.ROOT_DOMAIN): every path maps into its internal route; no sign-in. */
function statusPage(req: NextRequest, forward: Headers): NextResponse {
  const { pathname } = req.nextUrl;
  if (isShared(pathname)) return pass(forward);
  return rewrite(req, forward, `/status-page${pathname === "/" ? "" : pathname}`);
}

/** Where read-only support access may still post: the banner's way out. (tRPC refuses its own mutations, in init.ts.) */
const SUPPORT_EXIT_PATH = "/dashboard/support/end";

/**
 * Read-only support access (server/support) changes nothing on a workspace host: besides the
 * checks in tRPC and route handlers, any other state change made with such a session (a server
 * action, a form post) is refused here. Decoding the cookie costs nothing on reads: only a state
 * change that carries a session cookie gets this far.
 */
async function isReadOnlySupportWrite(req: NextRequest): Promise<boolean> {
  if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS" || req.nextUrl.pathname === SUPPORT_EXIT_PATH) return false;
  const cookie = sessionTokenFrom((name) => req.cookies.get(name)?.value);
  if (!cookie) return false;
  const claims = await readSessionClaims(cookie);
  return claims?.sup != null && !claims.sup.write;
}

async function tenant(req: NextRequest, forward: Headers, lookup: () => Promise<TenantRoute | null>): Promise<NextResponse> {
  const { pathname } = req.nextUrl;
  if (isShared(pathname)) return pass(forward);
  if (await isReadOnlySupportWrite(req)) return refuse(req, 403, "forbidden", READ_ONLY_SUPPORT_MESSAGE);
  // Right after the database failed, or while work has waited on it with none finishing (a stall):
  // ask it (one shared probe, two seconds at most) before the lookup and the render, so the page is
  // a 503 that says so, not a render that fails with a 500 or hangs for as long as the stall lasts.
  if (hadDatabaseTroubleRecently() && !(await databaseReachable())) {
    return refuse(req, 503, "unavailable", unavailableError().message, { "Retry-After": String(UNAVAILABLE_RETRY_SECONDS) });
  }
  let found: TenantRoute | null;
  try {
    found = await lookup();
  } catch (error) {
    // An uncached host while the database is down: say so (503), never a bare 500.
    if (isDatabaseUnavailable(error)) return refuse(req, 503, "unavailable", unavailableError().message, { "Retry-After": String(UNAVAILABLE_RETRY_SECONDS) });
    throw error;
  }
  if (!found) return rewrite(req, forward, "/status/tenant-not-found", 404);
  const slug = found.slug;
  // The workspace policy decides what a suspended or cancelled workspace still serves (sign-in,
  // Billing to restore it, its data export); everything else shows the notice with a 403.
  if (!statusAllows(found.status, capabilityForPage(pathname))) {
    return rewrite(req, forward, "/status/tenant-suspended", 403);
  }
  // The query string survives: only the pathname changes. The visible path travels along so a
  // sign-in redirect can come back to it (it is only ever used as a sanitised `next`).
  forward.set("x-atrium-path", pathname + req.nextUrl.search);
  return rewrite(req, forward, `/t/${slug}${pathname === "/" ? "" : pathname}`);
}

function dispatch(req: NextRequest, forward: Headers, target: HostTarget): NextResponse | Promise<NextResponse> {
  switch (target.kind) {
    case "apex":
      return apex(req, forward);
    case "admin":
      return admin(req, forward);
    case "status":
      return statusPage(req, forward);
    case "tenant":
      return tenant(req, forward, () => resolveTenantBySlug(target.slug));
    case "foreign":
      // A verified custom domain (cached lookup, misses included); anything else is not found.
      return tenant(req, forward, () => resolveTenantByDomain(target.hostname));
    default:
      if (isShared(req.nextUrl.pathname)) return pass(forward);
      return rewrite(req, forward, "/status/tenant-not-found", 404);
  }
}

/** CSP (except on the logo, which carries its own `sandbox` policy) and HSTS over https. */
function secure(req: NextRequest, res: NextResponse, csp: string, target: HostTarget): NextResponse {
  if (!req.nextUrl.pathname.startsWith("/brand/")) res.headers.set("Content-Security-Policy", csp);
  if (isHttpsRequest(req.nextUrl, req.headers)) res.headers.set("Strict-Transport-Security", strictTransportSecurity(target.kind !== "foreign"));
  return res;
}

/** A refusal in the shape the caller reads: JSON under /api, plain text elsewhere. */
function refuse(req: NextRequest, status: number, code: string, message: string, headers: Record<string, string> = {}): NextResponse {
  if (req.nextUrl.pathname.startsWith("/api/")) {
    return NextResponse.json({ error: { code, message } }, { status, headers: { "Cache-Control": "no-store", ...headers } });
  }
  if (status === 503) {
    // A page a browser shows: it says what happened and asks again by itself (no script needed).
    const html = `<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta http-equiv="refresh" content="${UNAVAILABLE_RETRY_SECONDS}"><title>Temporarily unavailable</title><body style="font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem"><h1>Temporarily unavailable</h1><p>${message.replace(/[<>&]/g, "")}</p><p>This page tries again by itself.</p></body></html>`;
    return new NextResponse(html, { status, headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", ...headers } });
  }
  return new NextResponse(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", ...headers } });
}

/**
 * The page policy. A page `next build` prerendered (the marketing pages, served as built on the
 * apex) gets its inline scripts' hashes, since it has no nonce; every other page gets a fresh
 * nonce. Only `next start` serves the built HTML: `next dev` renders every request, so it stays
 * on nonces. Other methods (a server action posted to a static page) are rendered per request.
 */
function pagePolicy(req: NextRequest, target: HostTarget): string {
  const prerendered = env.NODE_ENV === "production" && target.kind === "apex" && (req.method === "GET" || req.method === "HEAD");
  // A plain marketing address serves the page built at /en/….
  const hashes = prerendered ? prerenderedScriptHashes(builtMarketingPath(req.nextUrl.pathname) ?? req.nextUrl.pathname) : null;
  return hashes ? contentSecurityPolicy({ scriptHashes: hashes }) : contentSecurityPolicy({ nonce: createNonce(), dev: env.NODE_ENV === "development" });
}

export async function proxy(req: NextRequest): Promise<NextResponse> {
  const target = parseHost(req.headers.get("host"), env.ROOT_DOMAIN);
  const csp = pagePolicy(req, target);
  // Bad request shapes first, on every host and path: Next.js would answer them with a 500.
  // (TRACE never gets here: the HTTP server hook in server/http/http-gate.ts answers it.)
  if (!isAllowedMethod(req.method)) {
    return secure(req, refuse(req, 405, "method_not_allowed", `The ${req.method.slice(0, 20)} method is not allowed.`, { Allow: ALLOWED_METHODS.join(", ") }), csp, target);
  }
  if (hasMalformedPercentEncoding(req.nextUrl.pathname)) {
    return secure(req, refuse(req, 400, "bad_request", "The address contains malformed percent-encoding."), csp, target);
  }
  if (isActionRedirectFollowUp(req.method, req.headers)) {
    return new NextResponse(null, { status: 204, headers: { "Cache-Control": "no-store" } });
  }
  // One CSRF gate for every state change (server actions, tRPC, route handlers): Next's own
  // check on server actions compares only the Origin's host and lets a missing Origin through.
  if (isForgeableStateChange(req.method, req.nextUrl.pathname, req.headers)) {
    return secure(req, refuse(req, 403, "forbidden", "Cross-site request refused."), csp, target);
  }
  const forward = new Headers(req.headers);
  forward.set("content-security-policy", csp);
  // next-intl would take a request's locale from this header: only the app decides it.
  forward.delete("x-next-intl-locale");
  return secure(req, await dispatch(req, forward, target), csp, target);
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon\\.ico|.*\\.(?:svg|png|jpg|jpeg|gif|webp|ico|txt|woff2?)$).*)"],
};
