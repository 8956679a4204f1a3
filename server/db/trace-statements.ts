import { SpanKind, trace, type Tracer } from "@opentelemetry/api";
import { markFailed } from "../observability/tracing";

const MAX_STATEMENT_CHARS = 1_000;

type Scoped = { unsafe: (...args: never[]) => unknown; begin?: (...args: unknown[]) => unknown; savepoint?: (...args: unknown[]) => unknown };
// postgres.js settles a query by calling these two on the query object (src/query.js); wrapping
// them ends the span when the answer arrives without starting the query early (it is lazy, and a
// `.then` here would run it before drizzle chose `.values()`, or before a cursor was asked for).
type Settling = { resolve: (value: unknown) => unknown; reject: (error: unknown) => unknown };

/**
 * A CLIENT span per statement drizzle sends (every one goes through `sql.unsafe`, in
 * transactions and savepoints too), a child of the span active when it was issued (the tRPC
 * procedure or API route, else Next's request span); none outside a span. The span carries the statement text, which drizzle parameterises
 * (`$1`), truncated, and never the parameter values. Installed only when tracing is on.
 */
export function traceStatements<T extends object>(scoped: T, tracer: Tracer): T {
  const target = scoped as unknown as Scoped;
  const unsafe = target.unsafe.bind(scoped) as (text: string, ...rest: unknown[]) => Settling;
  target.unsafe = ((text: string, ...rest: unknown[]) => {
    const query = unsafe(text, ...rest);
    // Only inside a traced operation (request, procedure, API call): statements of timers and
    // jobs outside one would each become a trace of one span, every few seconds.
    if (!trace.getActiveSpan()) return query;
    const operation = /^\s*([a-z]+)/i.exec(text)?.[1]?.toUpperCase();
    const span = tracer.startSpan(operation ?? "postgresql", {
      kind: SpanKind.CLIENT,
      attributes: {
        "db.system": "postgresql",
        "db.system.name": "postgresql",
        ...(operation ? { "db.operation.name": operation } : {}),
        "db.query.text": text.length > MAX_STATEMENT_CHARS ? `${text.slice(0, MAX_STATEMENT_CHARS)}…` : text,
      },
    });
    const { resolve, reject } = query;
    query.resolve = (value) => (span.end(), resolve(value));
    query.reject = (error) => (markFailed(span, error), span.end(), reject(error));
    return query;
  }) as Scoped["unsafe"];
  for (const method of ["begin", "savepoint"] as const) {
    const original = target[method]?.bind(scoped);
    if (!original) continue;
    target[method] = (...args: unknown[]) => {
      const callback = args.pop() as (inner: object) => unknown;
      return original(...args, (inner: object) => callback(traceStatements(inner, tracer)));
    };
  }
  return scoped;
}
