import http, { type IncomingMessage, type ServerResponse } from "node:http";
import { enablePeerAddressStamp, stampPeerAddress } from "./peer-address";
import { ALLOWED_METHODS, isAllowedMethod } from "./request-guard";

const state = globalThis as unknown as { __atriumHttpGate?: boolean };

/**
 * Hooks every Node HTTP server of this process (`next start`, `next dev`) before Next.js sees a
 * request: stamps the socket's address (peer-address.ts) and answers methods the app does not
 * serve with 405. TRACE must be stopped here: Next builds a WHATWG Request for proxy.ts, which
 * refuses TRACE and makes Next answer 500 before proxy.ts runs. Idempotent.
 */
export function installHttpGate(): void {
  if (state.__atriumHttpGate) return;
  state.__atriumHttpGate = true;
  enablePeerAddressStamp();
  const emit = http.Server.prototype.emit as (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;
  http.Server.prototype.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const [req, res] = args as [IncomingMessage, ServerResponse];
      if (!isAllowedMethod(req.method)) {
        res.writeHead(405, { Allow: ALLOWED_METHODS.join(", "), "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" });
        res.end(`The ${String(req.method).slice(0, 20)} method is not allowed.`);
        return true;
      }
      stampPeerAddress(req);
    }
    return emit.call(this, event, ...args);
  } as typeof http.Server.prototype.emit;
}
