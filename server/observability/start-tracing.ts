import type { NodeSDK } from "@opentelemetry/sdk-node";
import { env } from "../env";
import { tracingConfigured } from "./tracing";

// One SDK per process, whichever bundle started it (the shutdown hooks flush it from another).
const holder = globalThis as unknown as { __atriumTracing?: NodeSDK };

/**
 * With OTEL_EXPORTER_OTLP_ENDPOINT set: registers the OpenTelemetry Node SDK (traces only,
 * exported over OTLP as the standard OTEL_* variables say: protocol, headers, sampler, batch
 * sizes). Next.js then records its own request spans, and Atrium adds tRPC procedure, API route
 * and SQL spans. Without it the SDK is never imported. Returns whether tracing started.
 */
export async function startTracing(): Promise<boolean> {
  if (holder.__atriumTracing) return true;
  if (!tracingConfigured()) return false;
  const { NodeSDK } = await import("@opentelemetry/sdk-node");
  const sdk = new NodeSDK({
    serviceName: env.OTEL_SERVICE_NAME ?? "atrium",
    // Traces only: metrics are Prometheus (/api/metrics) and logs are pino's lines on stdout; left
    // to the environment, the SDK would also start OTLP metric and log exporters.
    metricReaders: [],
    logRecordProcessors: [],
    // Spans come from Next.js and from Atrium's own call sites; no monkey-patching instrumentations.
    instrumentations: [],
  });
  sdk.start();
  holder.__atriumTracing = sdk;
  return true;
}

/** Exports the spans still buffered and stops the SDK (on shutdown; a no-op when tracing is off). */
export async function stopTracing(): Promise<void> {
  const sdk = holder.__atriumTracing;
  holder.__atriumTracing = undefined;
  await sdk?.shutdown();
}
