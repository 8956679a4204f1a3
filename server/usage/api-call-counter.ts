import { sql } from "drizzle-orm";
import { UNLIMITED } from "../../lib/plans";
import type { Transaction } from "../db/client";
import { withTenant } from "../db/with-tenant";
import { logger } from "../logger";
import { outsideRequestContext } from "../observability/request-context";
import { loadQuotaContext, periodTotals, quotaState } from "./quota";
import { raiseUsageAlerts } from "./raise-usage-alerts";

// API calls are counted in memory and flushed into the roll-ups every FLUSH_MS, so counting
// adds no query to each request. A crash loses at most one flush interval of counts; a shutdown
// (SIGTERM) loses none: server/shutdown/ flushes them before the process exits.
const FLUSH_MS = 2_000;
type Store = { pending: Map<string, number>; timer?: NodeJS.Timeout; flushing?: Promise<number> };
const holder = globalThis as unknown as { __atriumApiCalls?: Store };
const store: Store = (holder.__atriumApiCalls ??= { pending: new Map<string, number>() });

export function countApiCall(tenantId: string): void {
  store.pending.set(tenantId, (store.pending.get(tenantId) ?? 0) + 1);
  if (!store.timer) {
    // Outside the request that happens to start it: its logs are nobody's request.
    store.timer = outsideRequestContext(() => setInterval(() => void flushApiCalls(), FLUSH_MS));
    store.timer.unref();
  }
}

export function pendingApiCalls(tenantId: string): number {
  return store.pending.get(tenantId) ?? 0;
}

/**
 * Writes the counts gathered so far. Flushes run one after another, so a caller that awaits this
 * knows that everything counted before the call is written, or put back after a failure (the
 * result: how many calls could not be written).
 */
export function flushApiCalls(): Promise<number> {
  const flushing = (store.flushing ?? Promise.resolve(0)).catch(() => 0).then(writePending);
  store.flushing = flushing;
  return flushing;
}

// The API-call quota's 80% and 100% alerts are raised here, where the calls are written (the
// product reports no api_calls: without this the first sign of the limit was a 429). Checking costs
// two statements, so each workspace's headroom to its next threshold (80%, then 100%; none once
// both are passed) is remembered for a minute and spent by the calls this process writes meanwhile.
// Other instances write calls too, unseen here: the memory is kept short so that an alert is at
// most about a minute late, and the limit itself is enforced elsewhere, from the stored totals.
const HEADROOM_MS = 60_000;
const headroom = new Map<string, { calls: number; until: number }>();

async function alertApiCalls(tx: Transaction, tenantId: string, calls: number): Promise<void> {
  const now = new Date();
  const known = headroom.get(tenantId);
  if (known && known.until > now.getTime() && calls < known.calls) {
    known.calls -= calls;
    return;
  }
  headroom.delete(tenantId);
  const ctx = await loadQuotaContext(tx, tenantId, now);
  const until = Math.min(now.getTime() + HEADROOM_MS, ctx.period.end.getTime());
  const limit = ctx.limitFor("api_calls");
  if (limit === UNLIMITED) {
    headroom.set(tenantId, { calls: Infinity, until });
    return;
  }
  const used = (await periodTotals(tx, tenantId, ctx.period)).api_calls ?? 0;
  await raiseUsageAlerts(tx, { tenant: ctx.tenant, period: ctx.period, quota: { api_calls: quotaState(used, limit, true) } });
  const next = [Math.ceil(limit * 0.8), limit].find((threshold) => threshold > used);
  headroom.set(tenantId, { calls: next === undefined ? Infinity : next - used, until });
}

async function writePending(): Promise<number> {
  const batch = [...store.pending.entries()];
  store.pending.clear();
  let failed = 0;
  for (const [tenantId, calls] of batch) {
    try {
      await withTenant(tenantId, async (tx) => {
        await tx.execute(sql`
          insert into usage_rollups (tenant_id, metric, granularity, bucket_start, quantity)
          select ${tenantId}::uuid, 'api_calls', g, date_trunc(g, now(), 'UTC'), ${calls}::bigint from unnest(array['hour', 'day']) as g
          on conflict (tenant_id, metric, granularity, bucket_start) do update set quantity = usage_rollups.quantity + excluded.quantity`);
        await alertApiCalls(tx, tenantId, calls);
      });
    } catch (error) {
      headroom.delete(tenantId);
      // Put them back for the next flush rather than lose them.
      store.pending.set(tenantId, (store.pending.get(tenantId) ?? 0) + calls);
      failed += calls;
      logger.warn("could not flush API call counts", { tenantId, error });
    }
  }
  return failed;
}

/**
 * Stops the timer and writes what is pending, after any flush already running (before the
 * database pool closes: tests, shutdown). Calls counted meanwhile (a server still taking
 * requests) are written too, until none are left or a write fails. Returns the calls left unwritten.
 */
export async function stopApiCallCounter(): Promise<number> {
  if (store.timer) clearInterval(store.timer);
  store.timer = undefined;
  let failed = await flushApiCalls();
  while (failed === 0 && store.pending.size > 0) failed = await flushApiCalls();
  if (store.timer) clearInterval(store.timer);
  store.timer = undefined;
  return [...store.pending.values()].reduce((sum, calls) => sum + calls, 0);
}
