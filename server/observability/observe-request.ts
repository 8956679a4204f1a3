import type { IncomingMessage, ServerResponse } from "node:http";
import { logger } from "../logger";
import { metrics } from "../metrics/metrics";
import { runWithRequestContext, type RequestContext } from "./request-context";
import { acceptRequestId, REQUEST_ID_HEADER } from "./request-id";
import { routeLabelOf, routeTemplateOf } from "./route-template";

const STATUS_CLASSES = ["1xx", "2xx", "3xx", "4xx", "5xx"] as const;

function statusClass(status: number): string {
  return STATUS_CLASSES[Math.floor(status / 100) - 1] ?? "other";
}

/**
 * Runs one request's handling (`handle`) inside its request context: the id (the incoming
 * `X-Request-Id` when sane, else a new one) is returned on the response and given to the app as
 * the request header, every log line written meanwhile carries it, and when the response is done
 * one access line and one histogram observation record route, status and duration.
 */
export function observeRequest<T>(req: IncomingMessage, res: ServerResponse, handle: () => T): T {
  const startedAt = process.hrtime.bigint();
  const requestId = acceptRequestId(req.headers[REQUEST_ID_HEADER]);
  req.headers[REQUEST_ID_HEADER] = requestId;
  res.setHeader("X-Request-Id", requestId);
  const context: RequestContext = { requestId };
  // 'close' comes once per response, after 'finish' or when the client went away first.
  res.once("close", () => {
    const seconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
    // Nothing sent before the connection closed: 499, as nginx records a client that gave up.
    const status = res.headersSent ? res.statusCode : 499;
    const route = routeTemplateOf(req, status);
    const method = req.method ?? "GET";
    metrics().httpRequestDuration.observe({ route: routeLabelOf(req, status), method, status_class: statusClass(status) }, seconds);
    // Written outside the request's context: name its fields explicitly.
    logger.info("request", {
      requestId,
      workspaceId: context.workspaceId,
      userId: context.userId,
      method,
      route,
      status,
      durationMs: Math.round(seconds * 1e4) / 10,
      ...(res.writableFinished ? {} : { aborted: true }),
    });
  });
  return runWithRequestContext(context, handle);
}
