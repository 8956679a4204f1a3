import { clientIp } from "../http/request-meta";
import { authenticateApiKey, type ApiPrincipal } from "../api-keys/authenticate-api-key";
import type { ApiScope } from "../../lib/api-scopes";
import { statusAllows, type WorkspaceStatus } from "../../lib/workspace-policy";
import { UNLIMITED } from "../../lib/plans";
import { checkRateLimits, rateLimitHeaders, type RateLimitDecision } from "../rate-limit/gcra";
import { recordWorkspaceRequest } from "../sla/request-minutes";
import { countApiCall } from "../usage/api-call-counter";
import { getUsageSnapshot, type UsageSnapshot } from "../usage/usage-snapshot";
import { compressResponse } from "../http/compress-response";
import { LATE, withinDeadline } from "../http/deadline";
import { databaseStalled } from "../health/database-trouble";
import { databaseReachable } from "../health/check-readiness";
import { noteRequestActor } from "../observability/request-context";
import { normalizeRoutePath } from "../observability/route-template";
import { activeTracer, inSpan } from "../observability/tracing";
import { env } from "../env";
import { unavailableError } from "../errors";
import { apiError, errorResponse } from "./respond";

export type ApiContext = { principal: ApiPrincipal; snapshot: UsageSnapshot; headers: Record<string, string> };
type Handler<P> = (req: Request, ctx: ApiContext, params: P) => Promise<Response>;

const PROBLEMS = {
  missing: "Send your API key as `Authorization: Bearer atr_live_…`.",
  malformed: "The Authorization header must be `Bearer atr_live_…`.",
  unknown: "This API key is not valid.",
  revoked: "This API key has been revoked.",
  expired: "This API key has expired.",
} as const;

const inFlight = ((globalThis as unknown as { __atriumApiInFlight?: { count: number } }).__atriumApiInFlight ??= { count: 0 });

/** Public API calls this instance is working on (including any past their deadline). */
export function apiCallsInFlight(): number {
  return inFlight.count;
}

const unavailable = (why: string, headers: Record<string, string> = {}) =>
  apiError(503, "unavailable", `${why} Retry in a few seconds; usage sent again with the same idempotency keys is never counted twice.`, {}, { ...headers, "Retry-After": "5" });

/** One call: the workspace its key named, once known; its RateLimit headers; whether it holds a place. */
type Call = { tenantId: string | null; headers: Record<string, string>; admitted?: string; late?: boolean };

const perWorkspace = () => Math.max(1, Math.floor(env.API_MAX_IN_FLIGHT / 2));
const byWorkspace = ((globalThis as unknown as { __atriumApiInFlightByWorkspace?: Map<string, number> }).__atriumApiInFlightByWorkspace ??= new Map<string, number>());

function enter(tenantId: string): boolean {
  const held = byWorkspace.get(tenantId) ?? 0;
  if (held >= perWorkspace()) return false;
  byWorkspace.set(tenantId, held + 1);
  return true;
}

function leave(tenantId: string): void {
  const held = (byWorkspace.get(tenantId) ?? 1) - 1;
  if (held > 0) byWorkspace.set(tenantId, held);
  else byWorkspace.delete(tenantId);
}

/**
 * The public API's front door: API key (401), scope (403), per-tenant and per-key rate limits by
 * plan (429 with Retry-After; RateLimit headers on every answer), the API-call quota, and
 * API-call counting. Errors come back as {"error": {"code", "message"}}.
 */
export function withApiKey<P = Record<string, never>>(scope: ApiScope, handler: Handler<P>) {
  return (req: Request, route: { params: Promise<P> }): Promise<Response> => {
    const tracer = activeTracer();
    if (!tracer) return measured(req, route);
    // A span per call (tracing on): `api GET /api/v1/usage`, around the key check, limits and handler.
    const path = normalizeRoutePath(new URL(req.url).pathname);
    const attributes = { "http.request.method": req.method, "http.route": path, "atrium.api.scope": scope };
    return inSpan(tracer, `api ${req.method} ${path}`, attributes, async (span) => {
      const response = await measured(req, route);
      span.setAttribute("http.response.status_code", response.status);
      return response;
    });
  };

  async function measured(req: Request, route: { params: Promise<P> }): Promise<Response> {
    const started = performance.now();
    const call: Call = { tenantId: null, headers: {} };
    // Work still running past its deadline counts until it ends: a stalled database then makes
    // new calls fail at once instead of piling up without bound.
    if (inFlight.count >= env.API_MAX_IN_FLIGHT) return unavailable("Too many API calls are waiting on Atrium right now.");
    // While work has waited on the database with none finishing (a stall), ask it first (one
    // shared probe, two seconds at most) instead of joining the wait.
    if (databaseStalled() && !(await databaseReachable())) return errorResponse(unavailableError());
    inFlight.count++;
    const work = answer(req, route, call).finally(() => {
      inFlight.count--;
      if (call.admitted) leave(call.admitted);
    });
    const answered = await withinDeadline(work, env.API_ANSWER_DEADLINE_MS);
    if (answered === LATE) call.late = true;
    // Usage sent again with the same idempotency keys is never counted twice, so a retry is safe
    // whether or not the late work still completes.
    const response = answered === LATE ? unavailable(`Atrium did not answer within ${env.API_ANSWER_DEADLINE_MS / 1000} s; the call may still complete.`, call.headers) : answered;
    // The workspace's SLA minutes (server/sla): every answer once the key named a workspace.
    if (call.tenantId) recordWorkspaceRequest(call.tenantId, "api", response.status, performance.now() - started);
    return response;
  }

  async function answer(req: Request, route: { params: Promise<P> }, call: Call): Promise<Response> {
    let counted: string | null = null;
    let response: Response;
    try {
      const auth = await authenticateApiKey(req.headers.get("authorization"), clientIp(req.headers));
      if ("problem" in auth) {
        if (auth.problem === "throttled") {
          return apiError(429, "too_many_key_lookups", "Too many unknown API keys from this address. Check the key you send, and retry later.", {}, { "Retry-After": String(Math.max(1, auth.retryAfterSeconds ?? 60)) });
        }
        return apiError(401, "unauthorized", PROBLEMS[auth.problem], {}, { "WWW-Authenticate": 'Bearer realm="atrium"' });
      }
      const { principal } = auth;
      call.tenantId = principal.tenantId;
      noteRequestActor({ workspaceId: principal.tenantId });
      // One workspace may hold at most a share of the calls in progress, so its burst (or its
      // calls stuck on a stalled database) never leaves the others nothing but 503s.
      if (!enter(principal.tenantId)) {
        return apiError(429, "too_many_concurrent", `This workspace already has ${perWorkspace()} API calls in progress. Retry once some have finished.`, {}, { "Retry-After": "1" });
      }
      call.admitted = principal.tenantId;
      // Reads answer with current usage; writes only need status, limits and the API-call quota,
      // which recording usage does not change (so ingesting does not reload it for every batch).
      const snapshot = await getUsageSnapshot(principal.tenantId, { currentUsage: req.method === "GET" || req.method === "HEAD" });
      // The same policy as the dashboard (lib/workspace-policy.ts): a suspended or cancelled
      // workspace keeps no API access until it is restored.
      if (!statusAllows(snapshot.tenant.status as WorkspaceStatus, "api")) {
        return apiError(403, "tenant_suspended", "This workspace is suspended or its subscription has ended. An owner can restore it in Billing.");
      }
      const rpm = snapshot.limits.apiRequestsPerMinute;
      if (rpm !== UNLIMITED) {
        const policy = { name: "per-minute", limit: rpm, periodSeconds: 60, whenStoreDown: "allow" as const };
        // Per tenant and per key, in one round trip to the store.
        const [tenantLimit, keyLimit] = (await checkRateLimits([`api:tenant:${principal.tenantId}`, `api:key:${principal.keyId}`], policy)) as [
          RateLimitDecision,
          RateLimitDecision,
        ];
        const binding = !tenantLimit.allowed ? tenantLimit : !keyLimit.allowed ? keyLimit : tenantLimit.remaining <= keyLimit.remaining ? tenantLimit : keyLimit;
        call.headers = rateLimitHeaders(binding);
        if (!binding.allowed) {
          return apiError(429, "rate_limited", `Rate limit of ${rpm} requests per minute reached. Retry after ${binding.retryAfterSeconds} s.`, {}, call.headers);
        }
      }
      if (!principal.scopes.includes(scope)) {
        return apiError(403, "insufficient_scope", `This key lacks the \`${scope}\` scope.`, { requiredScope: scope }, call.headers);
      }
      if (snapshot.usage.api_calls.state === "exceeded") {
        return apiError(429, "quota_exceeded", "This workspace has used all API calls of its plan for this period. Upgrade the plan or wait for the next period.", {}, {
          ...call.headers,
          "Retry-After": String(Math.max(1, Math.ceil((snapshot.period.end.getTime() - Date.now()) / 1000))),
        });
      }
      counted = principal.tenantId;
      response = await handler(req, { principal, snapshot, headers: call.headers }, await route.params);
      for (const [name, value] of Object.entries(call.headers)) response.headers.set(name, value);
      response = await compressResponse(req, response);
    } catch (error) {
      response = errorResponse(error, call.headers);
    }
    // Against the API-call quota: what the handler answered, except its server errors and calls
    // already answered 503 at the deadline (a caller told to retry is not charged twice).
    if (counted && !call.late && response.status < 500) countApiCall(counted);
    return response;
  }
}
