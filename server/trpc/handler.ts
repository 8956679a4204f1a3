import "server-only";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import type { SessionUser } from "../auth/current-user";
import { BODY_TIMEOUT_REASON, readBodyText } from "../api/read-body";
import { env } from "../env";
import { isAppError, UNAVAILABLE_RETRY_SECONDS, unavailableError } from "../errors";
import { databaseReachable } from "../health/check-readiness";
import { databaseStalled } from "../health/database-trouble";
import { compressResponse } from "../http/compress-response";
import { LATE, withinDeadline } from "../http/deadline";
import { isSameOriginRequest } from "../http/csrf";
import { logger } from "../logger";
import { recordWorkspaceRequest } from "../sla/request-minutes";
import { createContext, type Context } from "./context";
import { appRouter } from "./root";

// Dashboard inputs are small; a larger body is refused before it is buffered.
const MAX_BODY_BYTES = 256 * 1024;
// The dashboard batches a handful of calls per render; more in one request is abuse (each call
// may cost queries), so it is refused before any of them runs.
export const MAX_BATCH_CALLS = 10;

/**
 * How many procedures one request names (`/api/trpc/a,b,c?batch=1`), counted as tRPC splits them:
 * after decoding, so an encoded comma (`a%2Cb`) separates calls too.
 */
function batchSize(url: URL): number {
  const raw = url.pathname.slice(url.pathname.indexOf("/api/trpc/") + "/api/trpc/".length);
  let path = raw;
  try {
    path = decodeURIComponent(raw);
  } catch {
    // A malformed escape: tRPC refuses the path itself; count what is there.
  }
  return path ? path.split(",").length : 0;
}

/** The HTTP side of tRPC: CSRF gate for mutations, body cap, then the fetch adapter. */
export async function handleTrpcRequest(req: Request, getUser: () => Promise<SessionUser | null>): Promise<Response> {
  // Mutations (POST) only from a page on this same host.
  if (req.method !== "GET" && !isSameOriginRequest(req.headers)) {
    return Response.json({ error: { message: "Cross-site request refused." } }, { status: 403 });
  }
  const calls = batchSize(new URL(req.url));
  if (calls > MAX_BATCH_CALLS) {
    return Response.json(
      { error: { message: `A batch may hold at most ${MAX_BATCH_CALLS} calls; this request has ${calls}. Split it into smaller batches.` } },
      { status: 400 },
    );
  }
  let request = req;
  if (req.method === "POST") {
    try {
      request = new Request(req.url, { method: "POST", headers: req.headers, body: await readBodyText(req, MAX_BODY_BYTES) });
    } catch (error) {
      // A stalled body is cut off after BODY_READ_TIMEOUT_MS; the connection closes after the answer.
      if (isAppError(error) && error.reason === BODY_TIMEOUT_REASON) {
        return Response.json({ error: { message: error.message } }, { status: 408, headers: { Connection: "close" } });
      }
      if (isAppError(error) && error.reason !== "payload_too_large") {
        // Compressed, or not UTF-8: refused as sent, never read in some altered form.
        return Response.json({ error: { message: error.message } }, { status: error.reason === "unsupported_media_type" ? 415 : 400 });
      }
      return Response.json({ error: { message: "The request body is too large." } }, { status: 413 });
    }
  }
  // While work has waited on the database with none finishing (a stall), ask it first (one shared
  // probe, two seconds at most) instead of joining the wait.
  if (databaseStalled() && !(await databaseReachable())) return unavailable(unavailableError().message);
  const started = performance.now();
  const seen: { context: Context | null } = { context: null };
  const work = fetchRequestHandler({
    endpoint: "/api/trpc",
    req: request,
    router: appRouter,
    // The same cap inside tRPC, whatever way the path was written.
    maxBatchSize: MAX_BATCH_CALLS,
    createContext: async () => (seen.context = await createContext({ headers: req.headers, getUser })),
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR") logger.error("trpc internal error", { path, error: error.cause ?? error });
      if (error.code === "SERVICE_UNAVAILABLE") logger.warn("trpc call refused: database unavailable", { path });
    },
    // While the database is unreachable, tell clients (and load balancers) when to come back.
    responseMeta({ errors }) {
      const retry = errors.map((e) => (isAppError(e.cause) ? e.cause.retryAfterSeconds : undefined)).find((s) => s !== undefined);
      return retry && errors.some((e) => e.code === "SERVICE_UNAVAILABLE" || e.code === "TOO_MANY_REQUESTS") ? { headers: new Headers({ "Retry-After": String(retry) }) } : {};
    },
  });
  // Every call is answered within the deadline: a stalled database (frozen, not down) would
  // otherwise hold the form's spinner for as long as it stalls. A late change may still be saved.
  const answered = await withinDeadline(work, env.TRPC_ANSWER_DEADLINE_MS);
  const response =
    answered === LATE
      ? unavailable(
          req.method === "GET"
            ? `Atrium did not answer within ${env.TRPC_ANSWER_DEADLINE_MS / 1000} s. Try again in a few seconds.`
            : `Atrium did not answer within ${env.TRPC_ANSWER_DEADLINE_MS / 1000} s. The change may still be saved: reload the page to check before trying again.`,
        )
      : answered;
  // The workspace's SLA minutes (server/sla): a member's call on the workspace's host (the role the
  // procedures read, already settled; a stranger's refused calls must not dilute the error rate).
  // A late call counts when its role was already read (the role's own read may be what stalled).
  const context = seen.context;
  const known = context?.tenant && context.user && context.memo?.role ? context.memo.role.catch(() => null) : null;
  const role = known ? (answered === LATE ? await withinDeadline(known, 0) : await known) : null;
  if (context?.tenant && role && role !== LATE) recordWorkspaceRequest(context.tenant.id, "dashboard", response.status, performance.now() - started);
  return compressResponse(req, response);
}

/** The handler's own 503 (before or instead of any procedure's answer), in the shape of its other refusals. */
function unavailable(message: string): Response {
  return Response.json({ error: { message } }, { status: 503, headers: { "Retry-After": String(UNAVAILABLE_RETRY_SECONDS), "Cache-Control": "no-store" } });
}
