import http, { type IncomingMessage, type ServerResponse } from "node:http";
import { env } from "../env";
import { observeRequest } from "../observability/observe-request";
import { enableAppEncoding, restoreContentEncoding } from "./compress-response";
import { enablePeerAddressStamp, stampPeerAddress } from "./peer-address";
import { ALLOWED_METHODS, isAllowedMethod } from "./request-guard";

const state = globalThis as unknown as { __atriumHttpGate?: boolean };

// Headers only a reverse proxy may set. Without a trusted proxy they come from the client, and
// `next start` passes them on as they are (it fills them from the socket only when absent): the
// app, Auth.js (trustHost) and Next's own server-action Origin check would all believe them.
const PROXY_HEADERS = ["x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "forwarded", "x-real-ip"];

/** Drops client-sent proxy headers unless TRUST_PROXY; Next.js then fills them from the socket. */
export function dropUntrustedProxyHeaders(req: Pick<IncomingMessage, "headers">, trustProxy: boolean): void {
  if (trustProxy) return;
  for (const name of PROXY_HEADERS) delete req.headers[name];
}

/**
 * Hooks every Node HTTP server of this process (`next start`, `next dev`) before Next.js sees a
 * request: answers methods the app does not serve with 405, drops client-sent proxy headers
 * when there is no trusted proxy, and stamps the socket's address (peer-address.ts). TRACE must be stopped here: Next builds a WHATWG Request for proxy.ts, which
 * refuses TRACE and makes Next answer 500 before proxy.ts runs. Route handlers under /api may
 * compress their answers (compress-response.ts). Every request, refused or not, gets a request id,
 * a context its log lines carry, an access line and a duration in the metrics (observe-request.ts).
 * Idempotent.
 */
export function installHttpGate(): void {
  if (state.__atriumHttpGate) return;
  state.__atriumHttpGate = true;
  enablePeerAddressStamp();
  enableAppEncoding();
  const emit = http.Server.prototype.emit as (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;
  http.Server.prototype.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const [req, res] = args as [IncomingMessage, ServerResponse];
      return observeRequest(req, res, () => {
        if (!isAllowedMethod(req.method)) {
          res.writeHead(405, { Allow: ALLOWED_METHODS.join(", "), "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" });
          res.end(`The ${String(req.method).slice(0, 20)} method is not allowed.`);
          return true;
        }
        dropUntrustedProxyHeaders(req, env.TRUST_PROXY);
        stampPeerAddress(req);
        if (req.url?.startsWith("/api/")) restoreContentEncoding(res);
        return emit.call(this, event, ...args);
      });
    }
    return emit.call(this, event, ...args);
  } as typeof http.Server.prototype.emit;
}
