// How much of the connection pool this process is using, counted where work enters postgres.js
// (it keeps its own connection queues private): each open transaction holds a connection, and
// each statement outside a transaction holds one until it settles. Work beyond the pool's size
// waits for a connection. Read by the Prometheus gauges (server/metrics/metrics.ts).

type Scoped = { unsafe: (...args: never[]) => unknown; begin?: (...args: unknown[]) => unknown };
type Settling = { resolve: (value: unknown) => unknown; reject: (error: unknown) => unknown };

// On globalThis, like the pool itself (server/db/client.ts): every bundle of the process counts into one place.
// `progressAt`: when work last settled, or when the pool last went from idle to busy.
const holder = globalThis as unknown as { __atriumPoolUsage?: { transactions: number; statements: number; max: number; progressAt: number } };
const usage = (holder.__atriumPoolUsage ??= { transactions: 0, statements: 0, max: 0, progressAt: 0 });

function started(): void {
  if (usage.transactions + usage.statements === 0) usage.progressAt = Date.now();
}

function settled(): void {
  usage.progressAt = Date.now();
}

/** Counts the pool's work on this client (the process's pool, not a transaction's inner client). */
export function countPoolUsage<T extends object>(pool: T, max: number): T {
  usage.max = max;
  const target = pool as unknown as Scoped;
  const unsafe = target.unsafe.bind(pool) as (text: string, ...rest: unknown[]) => Settling;
  target.unsafe = ((text: string, ...rest: unknown[]) => {
    const query = unsafe(text, ...rest);
    // Counted from when it is issued until postgres.js settles it (wrapping resolve/reject, as
    // tracing does, never starts the lazy query early).
    started();
    usage.statements++;
    const { resolve, reject } = query;
    let over = false;
    const done = () => {
      if (!over) {
        usage.statements--;
        settled();
      }
      over = true;
    };
    query.resolve = (value) => (done(), resolve(value));
    query.reject = (error) => (done(), reject(error));
    return query;
  }) as Scoped["unsafe"];
  const begin = target.begin?.bind(pool);
  if (begin) {
    target.begin = (...args: unknown[]) => {
      started();
      usage.transactions++;
      return Promise.resolve(begin(...args)).finally(() => {
        usage.transactions--;
        settled();
      });
    };
  }
  return pool;
}

/** Connections in use (at most the pool's size) and work waiting for one, now. */
export function poolUsage(): { inUse: number; waiting: number; max: number } {
  const busy = usage.transactions + usage.statements;
  return { inUse: Math.min(busy, usage.max), waiting: Math.max(0, busy - usage.max), max: usage.max };
}

/**
 * How long this process has had work waiting on the database without any of it finishing: 0 while
 * idle or while work keeps settling. A frozen or unreachable-but-connected server (connections
 * open, nothing answers, nothing fails) shows here long before any timeout fires. A single long
 * statement or transaction with nothing else running also counts, so readers only ever use it to
 * decide whether to ask the database first (server/health/database-trouble.ts).
 */
export function databaseWaitingForMs(now = Date.now()): number {
  return usage.transactions + usage.statements > 0 ? Math.max(0, now - usage.progressAt) : 0;
}
