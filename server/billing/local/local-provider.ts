import { randomUUID } from "node:crypto";
import { and, eq, ne } from "drizzle-orm";
import type { Transaction } from "../../db/client";
import { withTenant } from "../../db/with-tenant";
import { localCheckoutSessions, subscriptions, type Subscription } from "../../db/schema";
import { AppError } from "../../errors";
import { lockTenantOrThrow } from "../../tenants/lock-tenant";
import { applySubscriptionSnapshot } from "../apply-subscription-snapshot";
import { isPlanId, type BillingInterval } from "../../../lib/plans";
import type { BillingProvider } from "../provider";
import { recordInvoice } from "../record-invoice";
import type { SubscriptionSnapshot } from "../snapshot";
import { subscriptionPhase, type ProviderStatus } from "../status-map";
import { prorate } from "./periods";

const CHECKOUT_TTL_MS = 60 * 60 * 1000;
const SYSTEM = { ip: null, userAgent: "atrium-billing-jobs" };

/** The stored local subscription as a snapshot, with the given changes. */
export function localSnapshotOf(sub: Subscription & { subscriptionId: string }, changes: Partial<SubscriptionSnapshot>): SubscriptionSnapshot {
  return {
    provider: "local",
    customerId: sub.customerId,
    subscriptionId: sub.subscriptionId,
    status: sub.status as ProviderStatus,
    planId: isPlanId(sub.planId) ? sub.planId : null,
    interval: (sub.interval as BillingInterval | null) ?? null,
    currentPeriodEnd: sub.currentPeriodEnd,
    cancelAtPeriodEnd: sub.cancelAtPeriodEnd,
    trialEnd: sub.trialEnd,
    startedAt: null,
    asOf: new Date(),
    ...changes,
  };
}

/** The local subscription row, locked, after the workspace itself (the lock order billing keeps). */
async function lockedSubscription(tx: Transaction, tenantId: string): Promise<(Subscription & { subscriptionId: string }) | null> {
  await lockTenantOrThrow(tx, tenantId);
  const [sub] = await tx.select().from(subscriptions).where(eq(subscriptions.tenantId, tenantId)).for("update");
  return sub?.subscriptionId ? { ...sub, subscriptionId: sub.subscriptionId } : null;
}

/** Offline stand-in for Stripe: its outcomes go through the same state-transition code. */
export const localProvider: BillingProvider = {
  kind: "local",

  async openSubscriptions(tx, tenant) {
    const [sub] = await tx.select().from(subscriptions).where(eq(subscriptions.tenantId, tenant.id));
    if (!sub?.subscriptionId || subscriptionPhase(sub.status) === "dead") return [];
    return [localSnapshotOf({ ...sub, subscriptionId: sub.subscriptionId }, {})];
  },

  async readSubscription(tx, tenantId, subscriptionId) {
    const [sub] = await tx
      .select()
      .from(subscriptions)
      .where(and(eq(subscriptions.tenantId, tenantId), eq(subscriptions.subscriptionId, subscriptionId)));
    return sub?.subscriptionId ? localSnapshotOf({ ...sub, subscriptionId: sub.subscriptionId }, {}) : null;
  },

  async createCheckout({ tx, tenant, planId, interval, attemptId: formAttempt, successUrl }) {
    // Like Stripe's idempotency key here: the same attempt for the same price is one session.
    const attemptId = `${formAttempt}:${planId}:${interval}`;
    await tx
      .insert(localCheckoutSessions)
      .values({ tenantId: tenant.id, id: randomUUID(), planId, interval, currency: tenant.currency ?? "usd", attemptId, expiresAt: new Date(Date.now() + CHECKOUT_TTL_MS) })
      .onConflictDoNothing();
    const [session] = await tx
      .select()
      .from(localCheckoutSessions)
      .where(and(eq(localCheckoutSessions.tenantId, tenant.id), eq(localCheckoutSessions.attemptId, attemptId)));
    if (!session || session.status !== "open") {
      throw new AppError("CONFLICT", "This checkout was already used. Reload the page and choose a plan again.");
    }
    // Like Stripe here: only the newest checkout can be paid.
    await tx
      .update(localCheckoutSessions)
      .set({ status: "expired" })
      .where(and(eq(localCheckoutSessions.tenantId, tenant.id), eq(localCheckoutSessions.status, "open"), ne(localCheckoutSessions.id, session.id)));
    // Where the page goes once paid: the guided setup's next step, or Billing.
    const fromSetup = new URL(successUrl).pathname === "/dashboard/onboarding";
    return { url: `/dashboard/billing/checkout/${session.id}${fromSetup ? "?return=onboarding" : ""}` };
  },

  async changePlan({ tenant, planId, interval, actorUserId, meta }) {
    await withTenant(tenant.id, async (tx) => {
      const sub = await lockedSubscription(tx, tenant.id);
      if (!sub?.planId || !sub.interval || !sub.currentPeriodEnd || subscriptionPhase(sub.status) !== "live") {
        throw new AppError("CONFLICT", "There is no active subscription to change. Choose a plan first.");
      }
      const now = new Date();
      // The workspace's currency cannot change while this subscription lives (setWorkspaceCurrency).
      const currency = tenant.currency ?? "usd";
      const { due, credit, periodEnd, anchorDay } = prorate({
        from: { planId: sub.planId, interval: sub.interval as BillingInterval },
        to: { planId, interval },
        periodEnd: sub.currentPeriodEnd,
        anchorDay: sub.localAnchorDay,
        credit: sub.localCreditCents,
        currency,
        now,
      });
      if (due > 0) {
        await recordInvoice(tx, {
          tenantId: tenant.id,
          invoice: { id: `local_in_${randomUUID()}`, number: null, status: "paid", amountCents: due, currency, periodEnd, hostedUrl: null, attempt: 1 },
          meta,
        });
      }
      await tx.update(subscriptions).set({ localCreditCents: credit, localAnchorDay: anchorDay }).where(eq(subscriptions.tenantId, tenant.id));
      await applySubscriptionSnapshot(tx, { tenantId: tenant.id, actorUserId, meta, snapshot: localSnapshotOf(sub, { planId, interval, currentPeriodEnd: periodEnd, asOf: now }) });
    });
    return { applied: true };
  },

  async setCancelAtPeriodEnd({ tenant, cancel, actorUserId, meta }) {
    await withTenant(tenant.id, async (tx) => {
      const sub = await lockedSubscription(tx, tenant.id);
      if (!sub) throw new AppError("CONFLICT", "There is no subscription to change.");
      await applySubscriptionSnapshot(tx, { tenantId: tenant.id, actorUserId, meta, snapshot: localSnapshotOf(sub, { cancelAtPeriodEnd: cancel }) });
    });
  },

  async endSubscription({ tenant, subscriptionId }) {
    await withTenant(tenant.id, async (tx) => {
      const sub = await lockedSubscription(tx, tenant.id);
      if (sub?.subscriptionId !== subscriptionId || subscriptionPhase(sub.status) === "dead" || sub.cancelAtPeriodEnd) return;
      await applySubscriptionSnapshot(tx, { tenantId: tenant.id, meta: SYSTEM, source: "system", snapshot: localSnapshotOf(sub, { cancelAtPeriodEnd: true }) });
    });
  },

  async expireCheckouts({ tenant }) {
    await withTenant(tenant.id, (tx) =>
      tx
        .update(localCheckoutSessions)
        .set({ status: "expired" })
        .where(and(eq(localCheckoutSessions.tenantId, tenant.id), eq(localCheckoutSessions.status, "open"))),
    );
  },

  // Offline checkouts are paid under the workspace lock and refuse a second live subscription,
  // so there is never a duplicate to refund; ending one is all there is to do.
  async cancelDuplicate({ tenant, subscriptionId }) {
    await withTenant(tenant.id, async (tx) => {
      const sub = await lockedSubscription(tx, tenant.id);
      if (sub?.subscriptionId === subscriptionId) {
        await applySubscriptionSnapshot(tx, { tenantId: tenant.id, meta: SYSTEM, source: "system", snapshot: localSnapshotOf(sub, { status: "canceled" }) });
      }
    });
    return { refundedCents: 0, currency: "usd" };
  },

  async portal() {
    // Payment methods and invoices live on the billing page itself offline.
    return { url: "/dashboard/billing?portal=local#payment-method" };
  },

  async updateCustomerDetails() {
    // Offline, the workspace's own columns are the only copy (the invoice PDFs read them).
  },
};
