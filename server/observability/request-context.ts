import { AsyncLocalStorage } from "node:async_hooks";
import { context, ROOT_CONTEXT } from "@opentelemetry/api";

/**
 * What every log line of one HTTP request says about it. Opened by the HTTP gate around Next's
 * request handling (http-gate.ts); the workspace and user are added by whoever learns them
 * (the API key check, the tRPC context, the proxy) and end up on the access line too.
 */
export type RequestContext = {
  requestId: string;
  workspaceId?: string;
  userId?: string;
};

// On globalThis: instrumentation, proxy.ts and the app are separate bundles, and a context opened
// in one must be read in the others.
const holder = globalThis as unknown as { __atriumRequestContext?: AsyncLocalStorage<RequestContext> };
const storage = (holder.__atriumRequestContext ??= new AsyncLocalStorage<RequestContext>());

export function runWithRequestContext<T>(context: RequestContext, run: () => T): T {
  return storage.run(context, run);
}

/**
 * Runs `run` outside any request: for timers and other work a request merely starts, which would
 * otherwise carry that first request's id (and workspace) into every log line they write, and
 * hang every database span they make under that request's span (tracing on).
 */
export function outsideRequestContext<T>(run: () => T): T {
  return context.with(ROOT_CONTEXT, () => storage.exit(run));
}

export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}

/** Records who this request acts for; a no-op outside a request (jobs, scripts, tests). */
export function noteRequestActor(actor: { workspaceId?: string | null; userId?: string | null }): void {
  const context = storage.getStore();
  if (!context) return;
  if (actor.workspaceId) context.workspaceId = actor.workspaceId;
  if (actor.userId) context.userId = actor.userId;
}
