import type { IncomingMessage } from "node:http";

// Next.js keeps what it decided about a request on the Node request object (server/request-meta
// in next 16): `match.definition.pathname` is the matched route's template, after proxy.ts's
// rewrite, e.g. `/t/[tenant]/dashboard/members`. Internal, so read defensively; when it is
// missing (static files, answers from proxy.ts itself) the path is normalised instead.
const NEXT_REQUEST_META = Symbol.for("NextInternalRequestMeta");

type NextRequestMeta = { match?: { definition?: { pathname?: unknown } } };

const MAX_SEGMENTS = 6;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NUMBER = /^\d+$/;
// Ids, hashes and tokens: long, or letters mixed with digits.
const OPAQUE = /^(?=.*\d)[A-Za-z0-9_-]{12,}$|^[A-Za-z0-9_-]{32,}$/;
// Fixed words of our own routes stay; anything else that is not plainly a word is a value.
const WORD = /^[a-z][a-z0-9-]{0,39}(\.[a-z0-9]{1,8})?$/;

export function nextRouteTemplate(req: IncomingMessage): string | undefined {
  const meta = (req as unknown as Record<symbol, NextRequestMeta | undefined>)[NEXT_REQUEST_META];
  const pathname = meta?.match?.definition?.pathname;
  return typeof pathname === "string" && pathname.length <= 200 ? pathname : undefined;
}

/**
 * A bounded stand-in for a route template: uuids, numbers and opaque ids become `:id`, other
 * values `:value`, Next's static assets one bucket, and at most MAX_SEGMENTS segments.
 */
export function normalizeRoutePath(url: string | undefined): string {
  const path = (url ?? "/").split("?")[0]!.split("#")[0]!;
  if (path.startsWith("/_next/")) return path.startsWith("/_next/static/") ? "/_next/static/*" : "/_next/*";
  const segments = path.split("/").filter(Boolean);
  const normalized = segments.slice(0, MAX_SEGMENTS).map((segment) => {
    if (UUID.test(segment) || NUMBER.test(segment) || OPAQUE.test(segment)) return ":id";
    return WORD.test(segment) ? segment : ":value";
  });
  if (segments.length > MAX_SEGMENTS) normalized.push("*");
  return `/${normalized.join("/")}`;
}

/**
 * The route label of a finished request: Next's template when it matched one, else the
 * normalised path; unmatched 404s share one label so scanners cannot grow the series.
 */
export function routeTemplateOf(req: IncomingMessage, status: number): string {
  const template = nextRouteTemplate(req);
  if (template && template !== "/_not-found" && template !== "/404") return template;
  if (status === 404) return "(not found)";
  return normalizeRoutePath(req.url);
}

/**
 * The `route` label of http_request_duration_seconds: Next's template, or one of a fixed set of
 * buckets. Requests Next did not route (a 405 from the HTTP gate, proxy.ts's 400, 403 and 503
 * refusals, a client gone before the answer) keep their normalised path on the access line, but
 * not as a label: the path's words are whatever the client sent, and each new one would mint a
 * histogram's worth of series in every process.
 */
export function routeLabelOf(req: IncomingMessage, status: number): string {
  const template = nextRouteTemplate(req);
  if (template && template !== "/_not-found" && template !== "/404") return template;
  if (status === 404) return "(not found)";
  const path = (req.url ?? "/").split("?")[0]!;
  if (path.startsWith("/_next/")) return normalizeRoutePath(path);
  return "(no route)";
}
