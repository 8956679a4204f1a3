import diagnostics from "node:diagnostics_channel";
import type { IncomingMessage, ServerResponse } from "node:http";
import { env } from "../env";
import { logger } from "../logger";
import { BODY_TIMEOUT_REASON } from "./read-body";

// `next start` buffers the whole body of every request that proxy.ts matches (all of them) before
// any route handler runs (next-server.js: runMiddleware awaits `clonableBody.finalize()`, which
// waits for the request's `end`). A client that declares a large Content-Length and stalls is
// therefore never seen by readBodyBytes' deadline; only Node's own `requestTimeout` (300 s,
// checked every 30 s) would end it. This guard answers such requests at the server itself.

// Handlers that read the body themselves time out first and answer in their own format.
const GRACE_MS = 1_000;

type RequestStart = { request: IncomingMessage; response: ServerResponse };

function hasBody(request: IncomingMessage): boolean {
  return request.headers["transfer-encoding"] !== undefined || Number(request.headers["content-length"] ?? 0) > 0;
}

/** Starts the body deadline for one request (exported for tests). */
export function guardRequestBody({ request, response }: RequestStart, timeoutMs: number): void {
  if (!hasBody(request)) return;
  const timer = setTimeout(() => {
    if (request.complete || response.writableEnded) return;
    logger.warn("request body deadline passed", { method: request.method, path: request.url?.split("?")[0], timeoutMs });
    const socket = request.socket;
    if (response.headersSent) {
      socket.destroy();
      return;
    }
    const seconds = Math.round(timeoutMs / 100) / 10;
    const body = JSON.stringify({ error: { code: BODY_TIMEOUT_REASON, message: `The request body did not arrive within ${seconds} s. Send it in one go and retry.` } });
    // Connection: close makes Node end the socket once the answer is out, so the rest of the body
    // is never waited for.
    response.writeHead(408, { "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(body), "Cache-Control": "no-store", Connection: "close" });
    response.end(body);
  }, timeoutMs + GRACE_MS);
  timer.unref();
  response.once("close", () => clearTimeout(timer));
}

const state = globalThis as unknown as { __atriumBodyDeadline?: (message: unknown) => void };

/** Applies the deadline (BODY_READ_TIMEOUT_MS) to every request of every HTTP server in this process. */
export function installBodyDeadline(): void {
  if (state.__atriumBodyDeadline) return;
  state.__atriumBodyDeadline = (message) => guardRequestBody(message as RequestStart, env.BODY_READ_TIMEOUT_MS);
  diagnostics.subscribe("http.server.request.start", state.__atriumBodyDeadline);
}
