import http, { type ServerResponse } from "node:http";
import { isShuttingDown } from "./shutdown-state";

type Tracker = { servers: Set<http.Server>; open: Set<ServerResponse>; drained: Set<() => void> };
const holder = globalThis as unknown as { __atriumRequests?: Tracker };

function tracker(): Tracker {
  return (holder.__atriumRequests ??= { servers: new Set(), open: new Set(), drained: new Set() });
}

/**
 * Counts the requests every Node HTTP server of this process is answering (`next start`, the
 * standalone server.js), so shutdown can wait for them, and knows the servers, so it can stop
 * them taking connections. During shutdown no connection is kept alive after its answer: a
 * keep-alive socket would otherwise hold the drain open until its idle timeout.
 */
export function installRequestTracking(): void {
  if (holder.__atriumRequests) return;
  const t = tracker();
  const emit = http.Server.prototype.emit as (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;
  http.Server.prototype.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const res = args[1] as ServerResponse;
      t.servers.add(this);
      t.open.add(res);
      if (isShuttingDown()) res.setHeader("Connection", "close");
      res.once("close", () => {
        t.open.delete(res);
        if (!isShuttingDown()) return;
        // Once the listener is closed, nothing more is expected on an idle connection.
        if (!this.listening) this.closeIdleConnections();
        if (t.open.size === 0) for (const resolve of t.drained) resolve();
      });
    }
    return emit.call(this, event, ...args);
  } as typeof http.Server.prototype.emit;
}

export function requestsInFlight(): number {
  return tracker().open.size;
}

/**
 * At the start of shutdown: answers not yet started close their connection when done (so do all
 * later ones). Idle connections stay open until the listener closes: closing one the moment a
 * proxy sends on it would fail that request.
 */
export function endKeepAlive(): void {
  for (const res of tracker().open) if (!res.headersSent) res.setHeader("Connection", "close");
}

/** Stops every known server from taking new connections and closes idle ones (requests in flight go on). */
export function stopAccepting(): void {
  for (const server of tracker().servers) {
    if (server.listening) server.close();
    server.closeIdleConnections();
  }
}

/** Drops every connection still open (the drain timed out). */
export function dropConnections(): void {
  for (const server of tracker().servers) server.closeAllConnections();
}

/** Resolves true once no request is in flight, false if that takes longer than timeoutMs. */
export function waitForRequests(timeoutMs: number): Promise<boolean> {
  const t = tracker();
  if (t.open.size === 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (drained: boolean) => {
      clearTimeout(timer);
      t.drained.delete(onDrained);
      resolve(drained);
    };
    const onDrained = () => done(true);
    const timer = setTimeout(() => done(false), timeoutMs);
    t.drained.add(onDrained);
  });
}
