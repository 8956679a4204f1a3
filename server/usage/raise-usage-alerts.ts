import { recordAuditEvent } from "../audit/record-audit-event";
import { billingRecipients } from "../billing/recipients";
import { UNLIMITED, USAGE_METRICS, type UsageMetric } from "../../lib/plans";
import type { Transaction } from "../db/client";
import { usageAlerts, type EventActor, type Tenant } from "../db/schema";
import { enqueueEmails } from "../email/enqueue-email";
import { recordEvent } from "../events/record-event";
import type { QuotaState } from "./quota";

const THRESHOLDS = [80, 100] as const;
const SYSTEM = { ip: null, userAgent: "atrium-usage" };

/** 80% and 100% alerts: an audit event and an email to owners, each once per period. */
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
      const label = USAGE_METRICS[metric].label;
      await recordAuditEvent(tx, {
        tenantId: tenant.id,
        actorUserId: null,
        action: "usage.threshold_reached",
        target: `metric:${metric}`,
        metadata: { metric, threshold, used: state.used, limit: state.limit, periodStart: period.start.toISOString() },
        meta: SYSTEM,
      });
      await recordEvent(tx, {
        tenantId: tenant.id,
        type: "usage.threshold_reached",
        data: { metric, threshold, used: state.used, limit: state.limit, periodStart: period.start.toISOString() },
        actor,
      });
      const recipients = await billingRecipients(tx, tenant.id);
      await enqueueEmails(
        tx,
        recipients.map((to) => ({
          to,
          subject: `${tenant.name} has used ${threshold}% of its ${label.toLowerCase()}`,
          text: `${tenant.name} has used ${state.used.toLocaleString("en-US")} of ${state.limit.toLocaleString("en-US")} ${label.toLowerCase()} this period.${state.hard && threshold === 100 ? " Further usage is refused until the next period or an upgrade." : ""}`,
          dedupeKey: `usage-alert:${tenant.id}:${metric}:${period.start.toISOString()}:${threshold}:${to}`,
        })),
      );
    }
  }
}
