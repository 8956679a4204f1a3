import { and, eq, sql } from "drizzle-orm";
import type { Transaction } from "../db/client";
import { subscriptions, tenants } from "../db/schema";
import { AppError } from "../errors";
import { GAUGE_METRICS, PLANS, USAGE_METRICS, UNLIMITED, type Limit, type UsageMetric } from "../../lib/plans";
import { effectivePlan, limitOf } from "../billing/entitlements";
import { usagePeriod } from "./period";
import { quotaLevel } from "../../lib/quota-level";

export type QuotaContext = {
  tenant: typeof tenants.$inferSelect;
  period: { start: Date; end: Date };
  /** The billing-cycle anchor the periods step from (the subscription's period end, or creation). */
  anchor: Date;
  /** The day of the month the cycle renews on, where known (the anchor may be clamped: Feb 28 for the 31st). */
  anchorDay: number | null;
  limitFor: (metric: UsageMetric) => Limit;
  isHard: (metric: UsageMetric) => boolean;
};

/** Plan limits and the current billing-cycle period (aligned to the hour) for a tenant. */
export async function loadQuotaContext(tx: Transaction, tenantId: string, now: Date): Promise<QuotaContext> {
  // One statement: the workspace and its (at most one) subscription's period end.
  const [row] = await tx
    .select({ tenant: tenants, periodEnd: subscriptions.currentPeriodEnd, anchorDay: subscriptions.localAnchorDay })
    .from(tenants)
    .leftJoin(subscriptions, and(eq(subscriptions.tenantId, tenantId), eq(subscriptions.tenantId, tenants.id)))
    .where(eq(tenants.id, tenantId));
  if (!row) throw new AppError("NOT_FOUND", "Workspace not found.");
  const { tenant } = row;
  const anchor = new Date(row.periodEnd ?? tenant.createdAt);
  anchor.setUTCMinutes(0, 0, 0);
  const subject = { status: tenant.status, planId: tenant.planId, overrides: tenant.planOverrides };
  const plan = effectivePlan(subject);
  return {
    tenant,
    // The day the billing cycle renews on, where it is known (the offline provider keeps it): a
    // cycle on the 31st whose period ends on Feb 28 began on Jan 31, not Jan 28.
    period: usagePeriod(anchor, now, row.periodEnd ? row.anchorDay : null),
    anchor,
    anchorDay: row.periodEnd ? row.anchorDay : null,
    limitFor: (metric) => limitOf(subject, USAGE_METRICS[metric].limit, now),
    // api_calls is always hard; product metrics are hard unless the plan bills overage.
    isHard: (metric) => metric === "api_calls" || !PLANS[plan.id].overage,
  };
}

/** Usage per metric in the period, from the hourly roll-ups (never the raw events): the sum for counters, the peak for gauges. */
export async function periodTotals(tx: Transaction, tenantId: string, period: { start: Date; end: Date }): Promise<Record<string, number>> {
  const rows = await tx.execute<{ metric: string; total: string }>(sql`
    select metric, (case when metric = any(${sql.param(GAUGE_METRICS)}::text[]) then max(quantity) else sum(quantity) end)::bigint as total from usage_rollups
    where tenant_id = ${tenantId}::uuid and granularity = 'hour' and bucket_start >= ${period.start.toISOString()}::timestamptz and bucket_start < ${period.end.toISOString()}::timestamptz
    group by metric`);
  return Object.fromEntries(rows.map((r) => [r.metric, Number(r.total)]));
}

export type QuotaState = {
  used: number;
  limit: Limit;
  remaining: Limit;
  hard: boolean;
  state: "ok" | "warning" | "exceeded";
};

export function quotaState(used: number, limit: Limit, hard: boolean): QuotaState {
  if (limit === UNLIMITED) return { used, limit, remaining: UNLIMITED, hard, state: "ok" };
  const state = quotaLevel(used, limit);
  return { used, limit, remaining: Math.max(0, limit - used), hard, state };
}
