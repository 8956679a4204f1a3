import { SpanStatusCode, trace, type Attributes, type Span, type Tracer } from "@opentelemetry/api";
import { tracesConfigured } from "../env";

/**
 * Traces are on when an OTLP endpoint is configured (and the SDK is not disabled by the standard
 * variables); start-tracing.ts then registers the SDK before the first request.
 */
export function tracingConfigured(): boolean {
  return tracesConfigured();
}

// Decided once per bundle (instrumentation, proxy.ts and the app are separate bundles; each asks
// the same environment): with tracing off, a traced call site costs one comparison and no span
// objects, not even the API's no-op ones. The tracer is the API's proxy, so it may be taken before
// the SDK is registered.
let decided: Tracer | null | undefined;

export function activeTracer(): Tracer | null {
  if (decided === undefined) decided = tracingConfigured() ? trace.getTracer("atrium") : null;
  return decided;
}

/** Runs `run` inside a new active span that ends when it settles (an error marks the span, without its message). */
export function inSpan<T>(tracer: Tracer, name: string, attributes: Attributes, run: (span: Span) => Promise<T>): Promise<T> {
  return tracer.startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await run(span);
    } catch (error) {
      markFailed(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}

/**
 * The error's class (and PostgreSQL code) only: messages can quote values (PostgreSQL's
 * `invalid input syntax for type uuid: "..."`), and spans leave the process unredacted.
 */
export function markFailed(span: Span, error: unknown): void {
  const code = (error as { code?: unknown } | null)?.code;
  const type = typeof code === "string" ? code : error instanceof Error ? error.name : "unknown";
  span.setAttribute("error.type", type);
  span.setStatus({ code: SpanStatusCode.ERROR });
}
