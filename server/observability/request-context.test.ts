import { describe, expect, it } from "vitest";
import { countApiCall, flushApiCalls } from "../usage/api-call-counter";
import { currentRequestContext, outsideRequestContext, runWithRequestContext } from "./request-context";

describe("request context", () => {
  it("timers a request merely starts do not carry its id", async () => {
    const seen = await runWithRequestContext({ requestId: "first-request" }, () => {
      expect(currentRequestContext()?.requestId).toBe("first-request");
      return outsideRequestContext(() => new Promise<string | undefined>((resolve) => setTimeout(() => resolve(currentRequestContext()?.requestId), 1)));
    });
    expect(seen).toBeUndefined();
  });

  it("and not the request's trace span either", async () => {
    const { trace, context: otel, ROOT_CONTEXT } = await import("@opentelemetry/api");
    const { AsyncLocalStorageContextManager } = await import("@opentelemetry/context-async-hooks");
    const manager = new AsyncLocalStorageContextManager().enable();
    otel.setGlobalContextManager(manager);
    try {
      const span = trace.wrapSpanContext({ traceId: "0af7651916cd43dd8448eb211c80319c", spanId: "b7ad6b7169203331", traceFlags: 1 });
      const inside = otel.with(trace.setSpan(ROOT_CONTEXT, span), () => ({
        plain: trace.getActiveSpan()?.spanContext().spanId,
        outside: outsideRequestContext(() => trace.getActiveSpan()?.spanContext().spanId),
      }));
      expect(inside).toEqual({ plain: "b7ad6b7169203331", outside: undefined });
    } finally {
      otel.disable();
    }
  });

  it("the API-call counter's flush timer, started by a request, runs outside it", async () => {
    const holder = globalThis as unknown as { __atriumApiCalls?: { timer?: NodeJS.Timeout } };
    if (holder.__atriumApiCalls?.timer) clearInterval(holder.__atriumApiCalls.timer);
    if (holder.__atriumApiCalls) holder.__atriumApiCalls.timer = undefined;
    // A timer keeps the async context it was created in (Node stores it on the Timeout object):
    // what its callback's log lines will carry.
    const carries = (timer: NodeJS.Timeout, requestId: string) =>
      Object.getOwnPropertySymbols(timer).some((s) => {
        try {
          return JSON.stringify((timer as unknown as Record<symbol, unknown>)[s] ?? null).includes(requestId);
        } catch {
          return false;
        }
      });
    // The control: a timer started plainly inside a request is seen to carry it (so the check
    // below cannot pass only because this Node keeps the context elsewhere).
    const control = runWithRequestContext({ requestId: "control-request" }, () => setInterval(() => {}, 60_000));
    expect(carries(control, "control-request")).toBe(true);
    clearInterval(control);
    runWithRequestContext({ requestId: "starts-the-timer" }, () => countApiCall("00000000-0000-4000-8000-000000000000"));
    const timer = holder.__atriumApiCalls!.timer!;
    expect(carries(timer, "starts-the-timer")).toBe(false);
    clearInterval(timer);
    holder.__atriumApiCalls!.timer = undefined;
    await flushApiCalls().catch(() => 0);
  });
});
