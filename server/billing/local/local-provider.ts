import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { withTenant } from "../../db/with-tenant";
import { localCheckoutSessions, subscriptions, type Subscription } from "../../db/schema";
import { AppError } from "../../errors";
import { applySubscriptionSnapshot } from "../apply-subscription-snapshot";
import { isPlanId, PLANS, priceCents, type BillingInterval } from "../catalog";
import type { BillingProvider } from "../provider";
import { recordInvoice } from "../record-invoice";
import type { SubscriptionSnapshot } from "../snapshot";
import type { ProviderStatus } from "../status-map";

const CHECKOUT_TTL_MS = 60 * 60 * 1000;

/** The stored local subscription as a snapshot, with the given changes. */
function snapshotOf(sub: Subscription & { subscriptionId: string }, changes: Partial<SubscriptionSnapshot>): SubscriptionSnapshot {
  return {
    provider: "local",
    customerId: sub.customerId,
    subscriptionId: sub.subscriptionId,
    status: sub.status as ProviderStatus,
    planId: isPlanId(sub.planId) ? sub.planId : null,
    interval: (sub.interval as BillingInterval | null) ?? null,
    currentPeriodEnd: sub.currentPeriodEnd,
    cancelAtPeriodEnd: sub.cancelAtPeriodEnd,
    asOf: new Date(),
    ...changes,
  };
}

/** Offline stand-in for Stripe: its outcomes go through the same state-transition code. */
export const localProvider: BillingProvider = {
  kind: "local",

  async createCheckout({ tenant, planId, interval }) {
    const id = randomUUID();
    await withTenant(tenant.id, (tx) =>
      tx.insert(localCheckoutSessions).values({ tenantId: tenant.id, id, planId, interval, expiresAt: new Date(Date.now() + CHECKOUT_TTL_MS) }),
    );
    return { url: `/dashboard/billing/checkout/${id}` };
  },

  async changePlan({ tenant, planId, interval, actorUserId, meta }) {
    await withTenant(tenant.id, async (tx) => {
      const [sub] = await tx.select().from(subscriptions).where(eq(subscriptions.tenantId, tenant.id)).for("update");
      if (!sub?.subscriptionId || !sub.planId || !sub.interval || !sub.currentPeriodEnd) {
        throw new AppError("CONFLICT", "There is no active subscription to change. Choose a plan first.");
      }
      const now = new Date();
      // Proration: charge (or credit) the price difference for the rest of the current period.
      const oldPrice = priceCents(PLANS[sub.planId as keyof typeof PLANS], sub.interval as "month" | "year") ?? 0;
      const newPrice = priceCents(PLANS[planId], interval) ?? 0;
      const periodMs = interval === "year" ? 365 * 86_400_000 : 30 * 86_400_000;
      const remaining = Math.max(0, Math.min(1, (sub.currentPeriodEnd.getTime() - now.getTime()) / periodMs));
      const prorated = Math.round((newPrice - oldPrice) * remaining);
      if (prorated > 0) {
        await recordInvoice(tx, {
          tenantId: tenant.id,
          invoice: {
            id: `local_in_${randomUUID()}`,
            number: null,
            status: "paid",
            amountCents: prorated,
            currency: "usd",
            periodEnd: sub.currentPeriodEnd,
            hostedUrl: null,
            attempt: 1,
          },
          meta,
        });
      }
      await applySubscriptionSnapshot(tx, {
        tenantId: tenant.id,
        actorUserId,
        meta,
        snapshot: snapshotOf({ ...sub, subscriptionId: sub.subscriptionId }, { planId, interval, asOf: now }),
      });
    });
  },

  async setCancelAtPeriodEnd({ tenant, cancel, actorUserId, meta }) {
    await withTenant(tenant.id, async (tx) => {
      const [sub] = await tx.select().from(subscriptions).where(eq(subscriptions.tenantId, tenant.id)).for("update");
      if (!sub?.subscriptionId) throw new AppError("CONFLICT", "There is no subscription to change.");
      await applySubscriptionSnapshot(tx, {
        tenantId: tenant.id,
        actorUserId,
        meta,
        snapshot: snapshotOf({ ...sub, subscriptionId: sub.subscriptionId }, { cancelAtPeriodEnd: cancel }),
      });
    });
  },

  async portal() {
    // Payment methods and invoices live on the billing page itself offline.
    return { url: "/dashboard/billing?portal=local" };
  },
};
