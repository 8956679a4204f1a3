import { recordAuditEvent } from "../audit/record-audit-event";
import { UNLIMITED, type UsageMetric } from "../../lib/plans";
import type { Transaction } from "../db/client";
import { usageAlerts, type EventActor, type Tenant } from "../db/schema";
import { recordEvent } from "../events/record-event";
import type { QuotaState } from "./quota";

const THRESHOLDS = [80, 100] as const;
const SYSTEM = { ip: null, userAgent: "atrium-usage" };

/** 80% and 100% alerts: an audit event (and the notification, by its event), each once per period. */
export async function raiseUsageAlerts(
  tx: Transaction,
  { tenant, period, quota, actor = { type: "system" } }: { tenant: Tenant; period: { start: Date }; quota: Partial<Record<UsageMetric, QuotaState>>; actor?: EventActor },
): Promise<void> {
  for (const [metric, state] of Object.entries(quota) as [UsageMetric, QuotaState][]) {
    if (state.limit === UNLIMITED) continue;
    for (const threshold of THRESHOLDS) {
      if (state.used < (state.limit * threshold) / 100) continue;
      const fresh = await tx
        .insert(usageAlerts)
        .values({ tenantId: tenant.id, metric, periodStart: period.start, threshold })
        .onConflictDoNothing()
        .returning();
      if (!fresh.length) continue;
      await recordAuditEvent(tx, {
        tenantId: tenant.id,
        actorUserId: null,
        action: "usage.threshold_reached",
        target: `metric:${metric}`,
        metadata: { metric, threshold, used: state.used, limit: state.limit, periodStart: period.start.toISOString() },
        meta: SYSTEM,
      });
      // The email goes out from the notification centre (server/notifications), from this change's
      // usage.threshold_reached event, to those whose preferences allow it.
      await recordEvent(tx, {
        tenantId: tenant.id,
        type: "usage.threshold_reached",
        data: { metric, threshold, used: state.used, limit: state.limit, periodStart: period.start.toISOString() },
        actor,
      });
    }
  }
}
