import "server-only";
import { and, count, eq, gte, inArray, isNull, sql } from "drizzle-orm";
import { isPlanId, USAGE_METRICS, type BillingInterval, type Currency, type Feature, type Limit, type PlanId, type UsageMetric } from "../../lib/plans";
import type { Transaction } from "../db/client";
import { apiKeys, auditEvents, authSessions, invoices, memberships, ssoConnections, subscriptions, tenantDomains, users, webhookEndpoints, workspaceRequestMinutes } from "../db/schema";
import { loadQuotaContext, periodTotals } from "../usage/quota";
import { usagePeriod } from "../usage/period";
import type { PlanChange } from "./analysis/churn-risk";
import type { ActiveOverrides, PeriodUsage } from "./analysis/right-sizing";
import type { Point, Window } from "./analysis/series";
import { activeOverrides, effectivePlan } from "../billing/entitlements";

/** Hourly history the analyses read: ten weeks covers the anomaly baseline (8 weeks) and two periods. */
export const HISTORY_MS = 70 * 86_400_000;
const LOOKBACK_MS = 90 * 86_400_000;

export type InsightInputs = {
  tenantId: string;
  tenantCreatedAt: Date;
  planId: PlanId;
  interval: BillingInterval;
  /** What the workspace is billed in: right-sizing's prices are in it. */
  currency: Currency;
  anchor: Date;
  /** The cycle's renewal day where known (server/usage/quota.ts). */
  anchorDay: number | null;
  period: Window;
  limits: Partial<Record<UsageMetric, Limit>>;
  hourly: Record<UsageMetric, Point[]>;
  pastPeriods: PeriodUsage[];
  features: Feature[];
  /** The operator's overrides lasting through this period, and those without an end (right-sizing.ts). */
  overrides: { throughPeriod: ActiveOverrides; lasting: ActiveOverrides };
  members: { userId: string; email: string; name: string | null; role: string; createdAt: Date; lastSignInAt: Date | null }[];
  keys: { id: string; name: string; prefix: string; createdAt: Date; lastUsedAt: Date | null; expiresAt: Date | null; revokedAt: Date | null }[];
  webhookEndpoints: number;
  /** The busiest minute of API requests in the lookback; null when calls were made but not measured. */
  peakRequestsPerMinute: number | null;
  paymentFailures: Date[];
  planChanges: PlanChange[];
  /** Members removed or gone in the lookback, with when (for the seat history). */
  departures: Date[];
};

/**
 * Everything one workspace's analysis needs, read in the caller's tenant transaction: roll-ups
 * (never raw events), the last three periods' totals, members with their last sign-in, keys,
 * features in use, payment failures and plan changes of the last 90 days.
 */
export async function loadInsightInputs(tx: Transaction, tenantId: string, now: Date): Promise<InsightInputs> {
  const quota = await loadQuotaContext(tx, tenantId, now);
  const { tenant, period } = quota;
  const [subscription] = await tx.select({ interval: subscriptions.interval }).from(subscriptions).where(eq(subscriptions.tenantId, tenantId));
  // The same anchor the Usage page steps its periods from, so the periods (and their totals) match.
  const { anchor, anchorDay } = quota;
  const since = new Date(now.getTime() - HISTORY_MS);

  const rows = await tx.execute<{ metric: string; bucket: string; quantity: string }>(sql`
    select metric, bucket_start as bucket, quantity from usage_rollups
    where tenant_id = ${tenantId}::uuid and granularity = 'hour' and bucket_start >= ${since.toISOString()}::timestamptz
    order by bucket_start`);
  const hourly = Object.fromEntries(Object.keys(USAGE_METRICS).map((m) => [m, [] as Point[]])) as Record<UsageMetric, Point[]>;
  for (const r of rows) if (r.metric in hourly) hourly[r.metric as UsageMetric].push({ at: new Date(r.bucket), value: Number(r.quantity) });

  // The three periods before this one, each as the usage page would total it.
  const pastPeriods: PeriodUsage[] = [];
  let end = period.start;
  for (let i = 0; i < 3; i++) {
    const previous = usagePeriod(anchor, new Date(end.getTime() - 1), anchorDay);
    if (previous.end <= tenant.createdAt) break;
    pastPeriods.unshift({ start: previous.start, end: previous.end, totals: await periodTotals(tx, tenantId, previous) });
    end = previous.start;
  }

  const members = await tx
    .select({ userId: memberships.userId, email: users.email, name: users.name, role: memberships.role, createdAt: memberships.createdAt })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.tenantId, tenantId));
  const seen = members.length
    ? await tx
        .select({ userId: authSessions.userId, last: sql<string>`max(${authSessions.lastSeenAt})` })
        .from(authSessions)
        .where(inArray(authSessions.userId, members.map((m) => m.userId)))
        .groupBy(authSessions.userId)
    : [];
  const lastSeen = new Map(seen.map((s) => [s.userId, new Date(s.last)]));

  const keys = await tx
    .select({ id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix, createdAt: apiKeys.createdAt, lastUsedAt: apiKeys.lastUsedAt, expiresAt: apiKeys.expiresAt, revokedAt: apiKeys.revokedAt })
    .from(apiKeys)
    .where(and(eq(apiKeys.tenantId, tenantId), isNull(apiKeys.revokedAt)));

  const lookback = new Date(now.getTime() - LOOKBACK_MS);
  // Any domain counts, pending ones too: the owner is setting it up.
  const [domains] = await tx.select({ n: count() }).from(tenantDomains).where(eq(tenantDomains.tenantId, tenantId));
  const [sso] = await tx.select({ n: count() }).from(ssoConnections).where(and(eq(ssoConnections.tenantId, tenantId), eq(ssoConnections.enabled, true)));
  const [hooks] = await tx.select({ n: count() }).from(webhookEndpoints).where(eq(webhookEndpoints.tenantId, tenantId));
  const [peak] = await tx
    .select({ max: sql<number | null>`max(${workspaceRequestMinutes.requests})` })
    .from(workspaceRequestMinutes)
    .where(and(eq(workspaceRequestMinutes.tenantId, tenantId), eq(workspaceRequestMinutes.surface, "api"), gte(workspaceRequestMinutes.minute, lookback)));
  const apiCalls = hourly.api_calls.reduce((sum, p) => sum + p.value, 0);
  const failures = await tx
    .select({ at: invoices.periodEnd })
    .from(invoices)
    .where(and(eq(invoices.tenantId, tenantId), eq(invoices.status, "failed"), gte(invoices.periodEnd, lookback)));
  const history = await tx
    .select({ action: auditEvents.action, metadata: auditEvents.metadata, createdAt: auditEvents.createdAt })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.tenantId, tenantId),
        inArray(auditEvents.action, ["billing.plan_changed", "member.removed", "member.left", "member.account_deleted", "audit.exported"]),
        gte(auditEvents.createdAt, lookback),
      ),
    );

  const plan = effectivePlan({ status: tenant.status, planId: tenant.planId, overrides: tenant.planOverrides });
  // Enterprise's contractual promises (the 99.99 % SLA, priority support) are in use whenever the
  // plan gives them: nothing here can tell that nobody relies on them, so no plan without them is
  // recommended. Pro's 99.9 % SLA is the standard one and is not counted (a Starter saving would
  // otherwise never be shown).
  const features: Feature[] = (["sla99_99", "prioritySupport"] as const).filter((f) => plan.features[f]);
  if ((domains?.n ?? 0) > 0) features.push("customDomain");
  if ((sso?.n ?? 0) > 0) features.push("sso");
  if (history.some((h) => h.action === "audit.exported")) features.push("auditLogExport");

  return {
    tenantId,
    tenantCreatedAt: tenant.createdAt,
    // What the workspace has today: a trial is Pro, a cancelled workspace Starter (entitlements.ts).
    planId: plan.id,
    interval: subscription?.interval === "year" ? "year" : "month",
    currency: tenant.currency,
    anchor,
    anchorDay,
    period,
    limits: Object.fromEntries((Object.keys(USAGE_METRICS) as UsageMetric[]).map((m) => [m, quota.limitFor(m)])),
    hourly,
    pastPeriods,
    features,
    overrides: {
      throughPeriod: activeOverrides(tenant.planOverrides, period.end),
      // The latest instant a Date holds: only an override without an end still applies there.
      lasting: activeOverrides(tenant.planOverrides, new Date(8.64e15)),
    },
    members: members.map((m) => ({ ...m, lastSignInAt: lastSeen.get(m.userId) ?? null })),
    keys,
    webhookEndpoints: hooks?.n ?? 0,
    peakRequestsPerMinute: peak?.max !== null && peak?.max !== undefined ? Number(peak.max) : apiCalls === 0 ? 0 : null,
    paymentFailures: failures.map((f) => f.at).filter((d): d is Date => d !== null),
    planChanges: history
      .filter((h) => h.action === "billing.plan_changed" && isPlanId(h.metadata.from) && isPlanId(h.metadata.to))
      .map((h) => ({ at: h.createdAt, fromPlanId: h.metadata.from as PlanId, toPlanId: h.metadata.to as PlanId })),
    departures: history.filter((h) => h.action.startsWith("member.")).map((h) => h.createdAt),
  };
}
