import { eq } from "drizzle-orm";
import type { RequestMeta } from "../audit/record-audit-event";
import { withTenant } from "../db/with-tenant";
import { subscriptions, tenants } from "../db/schema";
import { assertEmailVerified } from "../accounts/email-verification";
import { AppError, isAppError } from "../errors";
import { logger } from "../logger";
import { lockTenantOrThrow } from "../tenants/lock-tenant";
import { applySubscriptionSnapshot } from "./apply-subscription-snapshot";
import { runBillingJobsSoon } from "./billing-jobs";
import { isPlanId, PLANS, type BillingInterval, type PlanId } from "../../lib/plans";
import { getBillingProvider } from "./get-provider";
import { assertFitsPlan, holdPlanFit, releasePlanFit, type PlanHold } from "./plan-fit";
import { subscriptionPhase } from "./status-map";
import { takeBillingPlace } from "./stripe/stripe-places";

type Base = { tenantId: string; actorUserId: string; meta: RequestMeta };
/** Made when the form was rendered; the same attempt sent twice is one request to the provider. */
type Attempt = { attemptId: string };

async function loadBillingState(tenantId: string) {
  return withTenant(tenantId, async (tx) => {
    const [tenant] = await tx.select().from(tenants).where(eq(tenants.id, tenantId));
    if (!tenant) throw new AppError("NOT_FOUND", "Workspace not found.");
    const [subscription] = await tx.select().from(subscriptions).where(eq(subscriptions.tenantId, tenantId));
    const live = subscription?.subscriptionId && subscriptionPhase(subscription.status) === "live";
    return { tenant, subscription: live ? subscription : null, customerId: subscription?.customerId ?? null };
  });
}

function assertSelfServe(planId: PlanId): void {
  if (!PLANS[planId].selfServe) throw new AppError("BAD_REQUEST", `${PLANS[planId].name} is arranged with our sales team. Contact sales to get started.`);
}

/**
 * Starts a checkout for a workspace without a live subscription; returns where to send the user.
 * Under the workspace lock it asks the provider (not only our database, which lags behind
 * webhooks) for the customer's subscriptions, and those that exist are applied first, and a live one
 * means there is nothing to buy. Two tabs or a double click therefore cannot both start paying.
 */
/** Platform support suspended the workspace: no plan is bought or changed until support lifts it. */
function assertNoOperatorHold(tenant: { operatorSuspendedAt: Date | null }): void {
  if (tenant.operatorSuspendedAt) {
    throw new AppError("FORBIDDEN", "Platform support suspended this workspace, so its plan cannot be bought or changed until they lift the suspension. Contact support.", { reason: "operator_suspended" });
  }
}

export async function startCheckout(options: Base & Attempt & { planId: PlanId; interval: BillingInterval; origin: string; returnTo?: "billing" | "onboarding" }): Promise<{ url: string }> {
  assertSelfServe(options.planId);
  await assertEmailVerified(options.actorUserId);
  const provider = getBillingProvider();
  // The transaction below holds a connection while Stripe answers: it waits its turn with the
  // Stripe events (stripe-places.ts), so a Stripe brownout cannot take the whole pool.
  const release = await takeBillingPlace();
  const outcome = await withTenant(options.tenantId, async (tx) => {
    const tenant = await lockTenantOrThrow(tx, options.tenantId);
    if (tenant.deletedAt) throw new AppError("NOT_FOUND", "Workspace not found.");
    assertNoOperatorHold(tenant);
    // Choosing Starter during a Pro trial is a downgrade: refused while the workspace does not fit.
    await assertFitsPlan(tx, tenant, options.planId);
    const open = await provider.openSubscriptions(tx, tenant);
    const readCurrent = (id: string) => provider.readSubscription(tx, tenant.id, id);
    for (const snapshot of open) await applySubscriptionSnapshot(tx, { tenantId: tenant.id, snapshot, meta: options.meta, readCurrent, source: "owner" });
    if (open.some((s) => subscriptionPhase(s.status) === "live")) return { conflict: true as const };
    const { url } = await provider.createCheckout({
      tx,
      tenant,
      planId: options.planId,
      interval: options.interval,
      attemptId: options.attemptId,
      successUrl: `${options.origin}/dashboard/${options.returnTo === "onboarding" ? "onboarding" : "billing"}?checkout=success`,
      cancelUrl: `${options.origin}/dashboard/${options.returnTo === "onboarding" ? "onboarding" : "billing"}?checkout=cancelled`,
    });
    return { conflict: false as const, url };
  }).finally(release);
  // Reconciling may have found two live subscriptions and queued the cancellation of one.
  await runBillingJobsSoon(options.tenantId);
  if (outcome.conflict) throw new AppError("CONFLICT", "This workspace already has a subscription. Change its plan instead.");
  return { url: outcome.url };
}

export async function changePlan(options: Base & Attempt & { planId: PlanId; interval: BillingInterval }): Promise<void> {
  assertSelfServe(options.planId);
  const { tenant, subscription } = await loadBillingState(options.tenantId);
  if (!subscription?.subscriptionId) throw new AppError("CONFLICT", "There is no subscription to change. Choose a plan first.");
  if (subscription.planId === options.planId && subscription.interval === options.interval) {
    throw new AppError("CONFLICT", "You are already on this plan.");
  }
  // Under the workspace lock, which invitations, keys and endpoints also take; a move down holds
  // the lower limits until the provider has answered, so none slips in between check and call.
  const hold = await withTenant(options.tenantId, async (tx) => {
    const locked = await lockTenantOrThrow(tx, options.tenantId);
    assertNoOperatorHold(locked);
    return holdPlanFit(tx, locked, options.planId);
  });
  let applied: boolean;
  try {
    ({ applied } = await getBillingProvider().changePlan({
      tenant,
      subscriptionId: subscription.subscriptionId,
      planId: options.planId,
      interval: options.interval,
      actorUserId: options.actorUserId,
      idempotencyKey: `change-plan:${subscription.subscriptionId}:${options.planId}:${options.interval}:${options.attemptId}`,
      meta: options.meta,
    }));
  } catch (error) {
    // Refused on its merits (an AppError): nothing changed, the hold ends. Any other failure (the
    // provider unreachable mid-call) may have changed the plan after all: the hold lapses on its own.
    if (hold && isAppError(error)) await endHold(options.tenantId, hold);
    throw error;
  }
  // Changed, but left to the provider's event to apply (its line was full): the lower limits hold
  // until the hold lapses, by when the event has normally landed, rather than the old plan's.
  if (hold && applied) await endHold(options.tenantId, hold);
}

/** Ends a plan change's hold; a failure to end it only delays that (it lapses), never the answer. */
async function endHold(tenantId: string, hold: PlanHold): Promise<void> {
  await withTenant(tenantId, (tx) => releasePlanFit(tx, tenantId, hold)).catch((error: unknown) => {
    logger.warn("a plan change hold was not released; it lapses by itself", { tenantId, error });
  });
}

export async function setCancelAtPeriodEnd(options: Base & Attempt & { cancel: boolean }): Promise<void> {
  const { tenant, subscription } = await loadBillingState(options.tenantId);
  if (!subscription?.subscriptionId) throw new AppError("CONFLICT", "There is no subscription to cancel or resume.");
  if (subscription.cancelAtPeriodEnd === options.cancel) {
    throw new AppError("CONFLICT", options.cancel ? "The subscription is already set to end." : "The subscription is not set to end.");
  }
  await getBillingProvider().setCancelAtPeriodEnd({
    tenant,
    subscriptionId: subscription.subscriptionId,
    cancel: options.cancel,
    actorUserId: options.actorUserId,
    idempotencyKey: `cancel:${subscription.subscriptionId}:${options.cancel}:${options.attemptId}`,
    meta: options.meta,
  });
}

export async function openPortal(options: { tenantId: string; origin: string }): Promise<{ url: string }> {
  const { tenant, customerId } = await loadBillingState(options.tenantId);
  if (!customerId) throw new AppError("CONFLICT", "There are no payment methods or invoices yet. Choose a plan first.");
  return getBillingProvider().portal({ tenant, customerId, returnUrl: `${options.origin}/dashboard/billing` });
}

export { isPlanId };
