import { and, asc, eq, isNull } from "drizzle-orm";
import { getBillingProvider } from "../billing/get-provider";
import { getStripe } from "../billing/stripe/client";
import { listTenantsWithPendingOverage } from "../db/cross-tenant";
import { withTenant } from "../db/with-tenant";
import { subscriptions, usageOverage } from "../db/schema";
import { logger } from "../logger";

/** The Stripe meter each metric reports to (create the meters in Stripe with these event names). */
export const METER_EVENT_NAMES: Record<string, string> = { units: "atrium_usage_units" };

/**
 * Sends pending overage to the billing provider. Stripe: one meter event per overage row, with
 * the row id as the event identifier, so a retry after a crash or timeout is deduplicated by
 * Stripe. Local provider: recorded as reported at once. Rows are claimed with SKIP LOCKED.
 */
export async function reportPendingOverage({ tenants = 50 }: { tenants?: number } = {}): Promise<number> {
  const provider = getBillingProvider().kind;
  let reported = 0;
  for (const tenantId of await listTenantsWithPendingOverage(tenants)) {
    reported += await withTenant(tenantId, async (tx) => {
      const rows = await tx
        .select()
        .from(usageOverage)
        .where(and(eq(usageOverage.tenantId, tenantId), isNull(usageOverage.reportedAt)))
        .orderBy(asc(usageOverage.createdAt))
        .limit(200)
        .for("update", { skipLocked: true });
      if (!rows.length) return 0;
      const [sub] = await tx.select({ customerId: subscriptions.customerId, provider: subscriptions.provider }).from(subscriptions).where(eq(subscriptions.tenantId, tenantId));
      let count = 0;
      for (const row of rows) {
        const done = (by: string) => tx.update(usageOverage).set({ reportedAt: new Date(), provider: by, attempts: row.attempts + 1 }).where(and(eq(usageOverage.tenantId, tenantId), eq(usageOverage.id, row.id)));
        if (provider === "local" || sub?.provider !== "stripe") {
          await done("local");
          count++;
          continue;
        }
        try {
          await getStripe().billing.meterEvents.create({
            event_name: METER_EVENT_NAMES[row.metric] ?? `atrium_${row.metric}`,
            identifier: row.id,
            timestamp: Math.floor(row.createdAt.getTime() / 1000),
            payload: { stripe_customer_id: sub.customerId, value: String(row.quantity) },
          });
          await done("stripe");
          count++;
        } catch (error) {
          // Stripe already has this identifier: an earlier attempt got through.
          if ((error as { code?: string }).code === "resource_already_exists") {
            await done("stripe");
            count++;
            continue;
          }
          logger.warn("overage report failed; will retry", { tenantId, id: row.id, error });
          await tx.update(usageOverage).set({ attempts: row.attempts + 1 }).where(and(eq(usageOverage.tenantId, tenantId), eq(usageOverage.id, row.id)));
        }
      }
      return count;
    });
  }
  return reported;
}
