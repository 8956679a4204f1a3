import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { RequestMeta } from "../audit/record-audit-event";
import { withTenant } from "../db/with-tenant";
import { subscriptions, tenants } from "../db/schema";
import { AppError } from "../errors";
import { isPlanId, PLANS, type BillingInterval, type PlanId } from "./catalog";
import { getBillingProvider } from "./get-provider";

type Base = { tenantId: string; actorUserId: string; meta: RequestMeta };

async function loadBillingState(tenantId: string) {
  return withTenant(tenantId, async (tx) => {
    const [tenant] = await tx.select().from(tenants).where(eq(tenants.id, tenantId));
    if (!tenant) throw new AppError("NOT_FOUND", "Workspace not found.");
    const [subscription] = await tx.select().from(subscriptions).where(eq(subscriptions.tenantId, tenantId));
    const live = subscription?.subscriptionId && !["canceled", "incomplete", "incomplete_expired"].includes(subscription.status ?? "");
    return { tenant, subscription: live ? subscription : null, customerId: subscription?.customerId ?? null };
  });
}

function assertSelfServe(planId: PlanId): void {
  if (!PLANS[planId].selfServe) throw new AppError("BAD_REQUEST", `${PLANS[planId].name} is arranged with our sales team. Contact sales to get started.`);
}

/** Starts a checkout for a workspace without a live subscription; returns where to send the user. */
export async function startCheckout(options: Base & { planId: PlanId; interval: BillingInterval; origin: string }): Promise<{ url: string }> {
  assertSelfServe(options.planId);
  const { tenant, subscription } = await loadBillingState(options.tenantId);
  if (subscription) throw new AppError("CONFLICT", "This workspace already has a subscription. Change its plan instead.");
  return getBillingProvider().createCheckout({
    tenant,
    planId: options.planId,
    interval: options.interval,
    successUrl: `${options.origin}/dashboard/billing?checkout=success`,
    cancelUrl: `${options.origin}/dashboard/billing?checkout=cancelled`,
    idempotencyKey: `checkout:${tenant.id}:${options.planId}:${options.interval}:${randomUUID()}`,
  });
}

export async function changePlan(options: Base & { planId: PlanId; interval: BillingInterval }): Promise<void> {
  assertSelfServe(options.planId);
  const { tenant, subscription } = await loadBillingState(options.tenantId);
  if (!subscription?.subscriptionId) throw new AppError("CONFLICT", "There is no subscription to change. Choose a plan first.");
  if (subscription.planId === options.planId && subscription.interval === options.interval) {
    throw new AppError("CONFLICT", "You are already on this plan.");
  }
  await getBillingProvider().changePlan({
    tenant,
    subscriptionId: subscription.subscriptionId,
    planId: options.planId,
    interval: options.interval,
    actorUserId: options.actorUserId,
    idempotencyKey: `change-plan:${tenant.id}:${options.planId}:${options.interval}:${randomUUID()}`,
    meta: options.meta,
  });
}

export async function setCancelAtPeriodEnd(options: Base & { cancel: boolean }): Promise<void> {
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
    idempotencyKey: `cancel:${tenant.id}:${options.cancel}:${randomUUID()}`,
    meta: options.meta,
  });
}

export async function openPortal(options: { tenantId: string; origin: string }): Promise<{ url: string }> {
  const { tenant, customerId } = await loadBillingState(options.tenantId);
  if (!customerId) throw new AppError("CONFLICT", "There are no payment methods or invoices yet. Choose a plan first.");
  return getBillingProvider().portal({ tenant, customerId, returnUrl: `${options.origin}/dashboard/billing` });
}

export { isPlanId };
