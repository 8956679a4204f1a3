import "server-only";
import { and, desc, eq, gte, inArray, sql } from "drizzle-orm";
import { USAGE_METRICS, type UsageMetric } from "../../lib/plans";
import { auditEvents, usageRollups, users } from "../db/schema";
import { withTenant } from "../db/with-tenant";

export type RecentEvent = { id: string; action: string; metadata: Record<string, unknown>; actorName: string | null; createdAt: Date };
export type DailyUsage = Record<UsageMetric, { day: string; value: number }[]>;

/** How many audit events the Overview shows. */
export const RECENT_EVENTS = 5;

/**
 * The Overview's own reads besides the checklist: this period's daily usage per metric (the
 * sparklines; the daily roll-ups ingestion writes) and, for those who may read the audit log, its
 * newest events. One statement each, in the caller's page transaction (pageReads).
 */
export async function overviewActivity(tenantId: string, periodStart: Date, withEvents: boolean): Promise<{ daily: DailyUsage; recent: RecentEvent[] | null }> {
  return withTenant(tenantId, async (tx) => {
    const metrics = Object.keys(USAGE_METRICS) as UsageMetric[];
    const rows = await tx
      .select({ metric: usageRollups.metric, day: usageRollups.bucketStart, value: usageRollups.quantity })
      .from(usageRollups)
      .where(
        and(
          eq(usageRollups.tenantId, tenantId),
          eq(usageRollups.granularity, "day"),
          inArray(usageRollups.metric, metrics),
          gte(usageRollups.bucketStart, sql`date_trunc('day', ${periodStart.toISOString()}::timestamptz, 'UTC')`),
        ),
      )
      .orderBy(usageRollups.bucketStart);
    const daily = Object.fromEntries(metrics.map((m) => [m, [] as { day: string; value: number }[]])) as DailyUsage;
    for (const r of rows) daily[r.metric as UsageMetric]?.push({ day: r.day.toISOString(), value: Number(r.value) });
    const recent = withEvents
      ? await tx
          .select({ id: auditEvents.id, action: auditEvents.action, metadata: auditEvents.metadata, actorName: users.name, createdAt: auditEvents.createdAt })
          .from(auditEvents)
          .leftJoin(users, eq(users.id, auditEvents.actorUserId))
          .where(eq(auditEvents.tenantId, tenantId))
          .orderBy(desc(auditEvents.createdAt), desc(auditEvents.id))
          .limit(RECENT_EVENTS)
      : null;
    return { daily, recent };
  });
}
