import { USAGE_METRICS, type UsageMetric } from "../../lib/plans";
import { createCache } from "../cache/cache";
import { can, effectivePlan, limitOf } from "../billing/entitlements";
import { FEATURES, LIMIT_METRICS, type Feature, type Limit, type LimitMetric } from "../../lib/plans";
import { inSharedTransaction, withTenant } from "../db/with-tenant";
import { pendingApiCalls } from "./api-call-counter";
import { loadQuotaContext, periodTotals, quotaState, type QuotaState } from "./quota";

export type UsageSnapshot = {
  tenant: { id: string; slug: string; name: string; status: string; planId: string };
  period: { start: Date; end: Date };
  features: Record<Feature, boolean>;
  limits: Record<LimitMetric, Limit>;
  usage: Record<UsageMetric, QuotaState>;
  at: number;
};

// The entitlements call sits on the product's hot path: serve it from a snapshot that is at
// most SNAPSHOT_MS old (plus the API calls counted here since), costing no query most of the time.
// Concurrent requests that find it expired share one load.
const SNAPSHOT_MS = 2_000;
const snapshots = createCache<UsageSnapshot>({ name: "usage-snapshots", max: 10_000, ttlMs: SNAPSHOT_MS });
// The last snapshot loaded, kept when recorded usage drops the one above: enough for the API's
// checks on writes (status, limits, API-call quota), which recording usage does not change, so
// a stream of usage batches does not reload the snapshot for every batch.
const gateSnapshots = createCache<UsageSnapshot>({ name: "usage-gate-snapshots", max: 10_000, ttlMs: SNAPSHOT_MS });

/** Anything about the workspace may have changed (status, plan, limits): both are dropped. */
export function invalidateUsageSnapshot(tenantId: string): void {
  snapshots.delete(tenantId);
  gateSnapshots.delete(tenantId);
}

/** Usage was recorded (after its commit): the next read of current usage loads it again. */
export function noteRecordedUsage(tenantId: string): void {
  snapshots.delete(tenantId);
}

/**
 * `currentUsage: false` (the API's checks before a write) accepts a snapshot whose usage figures
 * predate usage recorded since; everything else in it is as fresh as always.
 */
export async function getUsageSnapshot(tenantId: string, { currentUsage = true }: { currentUsage?: boolean } = {}): Promise<UsageSnapshot> {
  const now = new Date();
  // Inside a shared read transaction, a miss is loaded on that transaction rather than by waiting
  // for another request's load, which may need a connection the waiters hold (see inSharedTransaction).
  // Either way it is kept only if the workspace was not invalidated while it loaded.
  const load = () => snapshots.getOrLoad(tenantId, () => loadSnapshot(tenantId, now), { join: !inSharedTransaction() });
  const snapshot = currentUsage || inSharedTransaction() ? await load() : await gateSnapshots.getOrLoad(tenantId, load);
  const pending = pendingApiCalls(tenantId);
  if (!pending) return snapshot;
  const calls = snapshot.usage.api_calls;
  return { ...snapshot, usage: { ...snapshot.usage, api_calls: quotaState(calls.used + pending, calls.limit, calls.hard) } };
}

async function loadSnapshot(tenantId: string, now: Date): Promise<UsageSnapshot> {
  return withTenant(tenantId, async (tx) => {
    const ctx = await loadQuotaContext(tx, tenantId, now);
    const totals = await periodTotals(tx, tenantId, ctx.period);
    const subject = { status: ctx.tenant.status, planId: ctx.tenant.planId, overrides: ctx.tenant.planOverrides };
    const usage = Object.fromEntries(
      (Object.keys(USAGE_METRICS) as UsageMetric[]).map((m) => [m, quotaState(totals[m] ?? 0, ctx.limitFor(m), ctx.isHard(m))]),
    ) as Record<UsageMetric, QuotaState>;
    return {
      tenant: { id: ctx.tenant.id, slug: ctx.tenant.slug, name: ctx.tenant.name, status: ctx.tenant.status, planId: effectivePlan(subject).id },
      period: ctx.period,
      features: Object.fromEntries(FEATURES.map((f) => [f, can(subject, f)])) as Record<Feature, boolean>,
      limits: Object.fromEntries(LIMIT_METRICS.map((m) => [m, limitOf(subject, m)])) as Record<LimitMetric, Limit>,
      usage,
      at: now.getTime(),
    };
  });
}
