import { sql } from "drizzle-orm";
import { withTenant } from "../db/with-tenant";
import { logger } from "../logger";

// API calls are counted in memory and flushed into the roll-ups every FLUSH_MS, so counting
// adds no query to each request. A crash loses at most one flush interval of counts.
const FLUSH_MS = 2_000;
type Store = { pending: Map<string, number>; timer?: NodeJS.Timeout };
const holder = globalThis as unknown as { __atriumApiCalls?: Store };
const store: Store = (holder.__atriumApiCalls ??= { pending: new Map<string, number>() });

export function countApiCall(tenantId: string): void {
  store.pending.set(tenantId, (store.pending.get(tenantId) ?? 0) + 1);
  if (!store.timer) {
    store.timer = setInterval(() => void flushApiCalls(), FLUSH_MS);
    store.timer.unref();
  }
}

export function pendingApiCalls(tenantId: string): number {
  return store.pending.get(tenantId) ?? 0;
}

export async function flushApiCalls(): Promise<void> {
  const batch = [...store.pending.entries()];
  store.pending.clear();
  for (const [tenantId, calls] of batch) {
    try {
      await withTenant(tenantId, (tx) =>
        tx.execute(sql`
          insert into usage_rollups (tenant_id, metric, granularity, bucket_start, quantity)
          select ${tenantId}::uuid, 'api_calls', g, date_trunc(g, now(), 'UTC'), ${calls}::bigint from unnest(array['hour', 'day']) as g
          on conflict (tenant_id, metric, granularity, bucket_start) do update set quantity = usage_rollups.quantity + excluded.quantity`),
      );
    } catch (error) {
      // Put them back for the next flush rather than lose them.
      store.pending.set(tenantId, (store.pending.get(tenantId) ?? 0) + calls);
      logger.warn("could not flush API call counts", { tenantId, error });
    }
  }
}

/** Stops the timer and writes what is pending (before the database pool closes: tests, shutdown). */
export async function stopApiCallCounter(): Promise<void> {
  if (store.timer) clearInterval(store.timer);
  store.timer = undefined;
  await flushApiCalls();
}
