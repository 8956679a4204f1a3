import { USAGE_METRICS, type UsageMetric } from "../../lib/plans";
import { can, effectivePlan, limitOf } from "../billing/entitlements";
import { FEATURES, LIMIT_METRICS, type Feature, type Limit, type LimitMetric } from "../../lib/plans";
import { withTenant } from "../db/with-tenant";
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
const SNAPSHOT_MS = 2_000;
const store = globalThis as unknown as { __atriumUsageSnapshots?: Map<string, UsageSnapshot> };
const cache = (store.__atriumUsageSnapshots ??= new Map());

export function invalidateUsageSnapshot(tenantId: string): void {
  cache.delete(tenantId);
}

export async function getUsageSnapshot(tenantId: string, now = new Date()): Promise<UsageSnapshot> {
  const hit = cache.get(tenantId);
  const snapshot = hit && now.getTime() - hit.at < SNAPSHOT_MS ? hit : await loadSnapshot(tenantId, now);
  const pending = pendingApiCalls(tenantId);
  if (!pending) return snapshot;
  const calls = snapshot.usage.api_calls;
  return { ...snapshot, usage: { ...snapshot.usage, api_calls: quotaState(calls.used + pending, calls.limit, calls.hard) } };
}

async function loadSnapshot(tenantId: string, now: Date): Promise<UsageSnapshot> {
  const snapshot = await withTenant(tenantId, async (tx) => {
    const ctx = await loadQuotaContext(tx, tenantId, now);
    const totals = await periodTotals(tx, ctx.period);
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
  if (cache.size > 50_000) cache.clear();
  cache.set(tenantId, snapshot);
  return snapshot;
}
