import { trace } from "@opentelemetry/api";
import { describe, expect, it } from "vitest";
import { startOtlpCollector } from "./otlp-collector";

// Everything about OTLP but the endpoint: tracing stays off.
process.env.OTEL_EXPORTER_OTLP_PROTOCOL = "http/json";
delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
delete process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;

const { tracesConfigured } = await import("../server/env");
const { startTracing } = await import("../server/observability/start-tracing");
const { activeTracer } = await import("../server/observability/tracing");
const { createCaller } = await import("../server/trpc/root");
const { contextFor, makeTenant } = await import("./factories");

describe("traces without OTEL_EXPORTER_OTLP_ENDPOINT", () => {
  it("registers no SDK, creates no spans and exports nothing", async () => {
    const collector = await startOtlpCollector();
    try {
      expect(await startTracing()).toBe(false);
      expect(activeTracer()).toBeNull();
      expect((globalThis as { __atriumTracing?: unknown }).__atriumTracing).toBeUndefined();
      const { tenant, owner } = await makeTenant();
      await createCaller(contextFor({ user: owner, tenant })).tenant.current();
      // No tracer provider was registered: the API hands out non-recording spans.
      expect(trace.getTracer("probe").startSpan("probe").isRecording()).toBe(false);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(collector.requests).toBe(0);
    } finally {
      await collector.close();
    }
  });
});

describe("what turns traces on", () => {
  it("an endpoint, unless the standard switches say otherwise", () => {
    const endpoint = "http://127.0.0.1:4318";
    expect(tracesConfigured({})).toBe(false);
    expect(tracesConfigured({ OTEL_EXPORTER_OTLP_ENDPOINT: "" })).toBe(false);
    expect(tracesConfigured({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint })).toBe(true);
    expect(tracesConfigured({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${endpoint}/v1/traces` })).toBe(true);
    expect(tracesConfigured({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_SDK_DISABLED: "TRUE" })).toBe(false);
    expect(tracesConfigured({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_TRACES_EXPORTER: "none" })).toBe(false);
  });
});
