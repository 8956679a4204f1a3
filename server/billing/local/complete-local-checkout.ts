import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { RequestMeta } from "../../audit/record-audit-event";
import { withTenant } from "../../db/with-tenant";
import { localCheckoutSessions, subscriptions } from "../../db/schema";
import { AppError } from "../../errors";
import { applySubscriptionSnapshot } from "../apply-subscription-snapshot";
import { isPlanId, PLANS, priceCents, type BillingInterval } from "../../../lib/plans";
import { recordInvoice } from "../record-invoice";
import { lockTenantOrThrow } from "../../tenants/lock-tenant";
import { subscriptionPhase } from "../status-map";
import { addInterval } from "./periods";
import { testCardKind } from "./test-cards";
import { assertFitsPlan } from "../plan-fit";

export type CompleteLocalCheckoutOptions = {
  tenantId: string;
  sessionId: string;
  cardNumber: string;
  actorUserId: string;
  meta: RequestMeta;
};

/** Pays a local checkout session with a test card: one transaction, or nothing on a decline. */
export async function completeLocalCheckout(options: CompleteLocalCheckoutOptions): Promise<{ planId: string }> {
  const kind = testCardKind(options.cardNumber);
  if (!kind) {
    throw new AppError("BAD_REQUEST", "Use one of the test cards listed on this page.", {
      fieldErrors: { cardNumber: ["Use one of the test cards listed on this page."] },
    });
  }
  if (kind === "declined") {
    throw new AppError("BAD_REQUEST", "Your card was declined. Nothing was charged; try another card.", {
      fieldErrors: { cardNumber: ["Your card was declined."] },
    });
  }
  return withTenant(options.tenantId, async (tx) => {
    // The workspace first (the lock order billing keeps), so two checkouts paid at once queue up.
    const tenant = await lockTenantOrThrow(tx, options.tenantId);
    if (tenant.deletedAt) throw new AppError("NOT_FOUND", "Workspace not found.");
    const sessionWhere = and(eq(localCheckoutSessions.tenantId, options.tenantId), eq(localCheckoutSessions.id, options.sessionId));
    const [session] = await tx.select().from(localCheckoutSessions).where(sessionWhere).for("update");
    if (!session) throw new AppError("NOT_FOUND", "This checkout does not exist.");
    if (session.status === "completed") throw new AppError("CONFLICT", "This checkout was already completed.");
    if (session.status === "expired" || session.expiresAt < new Date()) {
      throw new AppError("CONFLICT", "This checkout is no longer valid (it expired, or a newer one was started). Nothing was charged. Start again from Billing.");
    }
    if (!isPlanId(session.planId)) throw new AppError("BAD_REQUEST", "Unknown plan.");
    const interval = session.interval as BillingInterval;
    if (session.currency !== tenant.currency) {
      throw new AppError("CONFLICT", "The workspace's billing currency changed after this checkout started. Nothing was charged. Start again from Billing.");
    }
    const amount = priceCents(PLANS[session.planId], interval, session.currency);
    if (amount === null) throw new AppError("BAD_REQUEST", "This plan is not sold online.");
    // Checked again at payment, under the workspace lock: members or keys added since the
    // checkout started must not land the workspace on a plan it does not fit.
    await assertFitsPlan(tx, tenant, session.planId);

    const [existing] = await tx.select().from(subscriptions).where(eq(subscriptions.tenantId, options.tenantId));
    if (existing?.subscriptionId && subscriptionPhase(existing.status) === "live") {
      // Paid in another tab already: this one must not become a second subscription.
      await tx.update(localCheckoutSessions).set({ status: "expired" }).where(sessionWhere);
      return { outcome: "already_subscribed" as const };
    }
    await tx.update(localCheckoutSessions).set({ status: "completed" }).where(sessionWhere);
    const now = new Date();
    const periodEnd = addInterval(now, interval);
    const subscriptionId = `local_sub_${randomUUID()}`;
    // A credit an earlier subscription left (drizzle/0051) pays first, as at each later charge.
    const fromCredit = Math.min(amount, existing?.localCreditCents ?? 0);
    await recordInvoice(tx, {
      tenantId: options.tenantId,
      invoice: { id: `local_in_${randomUUID()}`, number: null, status: "paid", amountCents: amount - fromCredit, currency: session.currency, periodEnd, hostedUrl: null, attempt: 1 },
      meta: options.meta,
    });
    if (fromCredit > 0) await tx.update(subscriptions).set({ localCreditCents: existing!.localCreditCents - fromCredit }).where(eq(subscriptions.tenantId, options.tenantId));
    await applySubscriptionSnapshot(tx, {
      tenantId: options.tenantId,
      actorUserId: options.actorUserId,
      meta: options.meta,
      localCard: kind,
      snapshot: {
        provider: "local",
        customerId: existing?.customerId ?? `local_cus_${options.tenantId}`,
        subscriptionId,
        status: "active",
        planId: session.planId,
        interval,
        currentPeriodEnd: periodEnd,
        cancelAtPeriodEnd: false,
        trialEnd: null,
        startedAt: now,
        asOf: now,
      },
    });
    // Renewals keep today's day of the month, clamped in shorter months (server/billing/local/periods.ts).
    await tx.update(subscriptions).set({ localAnchorDay: now.getUTCDate() }).where(eq(subscriptions.tenantId, options.tenantId));
    return { outcome: "paid" as const, planId: session.planId };
  }).then((result) => {
    if (result.outcome === "already_subscribed") {
      throw new AppError("CONFLICT", "This workspace already has a subscription (paid in another tab or by someone else). Nothing was charged.");
    }
    return { planId: result.planId };
  });
}
