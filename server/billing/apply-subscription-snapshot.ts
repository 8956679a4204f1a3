import { and, eq } from "drizzle-orm";
import { recordAuditEvent, type RequestMeta } from "../audit/record-audit-event";
import type { Transaction } from "../db/client";
import { providerSubscriptions, subscriptions, tenants, type ProviderSubscription, type StatusChangeSource, type Subscription, type Tenant } from "../db/schema";
import { AppError } from "../errors";
import { actorOf, recordEvent } from "../events/record-event";
import { afterCommit } from "../db/with-tenant";
import { forgetWorkspaceCaches } from "../tenants/forget-workspace-caches";
import { lockTenantOrThrow } from "../tenants/lock-tenant";
import { monthlyRecurringCents } from "../revenue/monthly-recurring-cents";
import { isCurrency } from "../../lib/plans";
import { recordMrrMovement } from "../revenue/record-mrr-movement";
import { invalidateUsageSnapshot } from "../usage/usage-snapshot";
import { enqueueBillingJob } from "./billing-jobs";
import { resolveDuplicate } from "./resolve-duplicate";
import type { SubscriptionSnapshot } from "./snapshot";
import { subscriptionPhase, tenantStatusFor } from "./status-map";
import { transitionTenantStatus } from "./transition-tenant-status";

export type ApplySnapshotOptions = {
  tenantId: string;
  snapshot: SubscriptionSnapshot;
  actorUserId?: string | null;
  meta: RequestMeta;
  localCard?: string | null;
  /** For the lifecycle timeline; by default an owner's action when there is an actor, else the provider's webhook. */
  source?: StatusChangeSource;
  /**
   * Reads a subscription fresh from the provider. Given, the current subscription is re-read
   * before it is compared with another live one, so the choice never rests on a stale copy.
   */
  readCurrent?: (subscriptionId: string) => Promise<SubscriptionSnapshot | null>;
};

/**
 * The one place a subscription's state reaches the workspace, for Stripe webhooks and the local
 * provider alike. Runs inside the caller's withTenant transaction, which must have read the
 * snapshot *after* taking the workspace lock (lockTenant): reads and writes are then serialised
 * per workspace, so the last applied state is the newest one without comparing anyone's clock.
 *
 * Every subscription is recorded in its own history row. Only the current one moves the
 * workspace; another one may take its place only if the current one is dead (or merely pending
 * and the other is live). A dead subscription never becomes current, so a late or replayed event
 * about an old subscription cannot cancel a workspace that has since subscribed again.
 */
export async function applySubscriptionSnapshot(tx: Transaction, options: ApplySnapshotOptions): Promise<void> {
  const { tenantId, snapshot } = options;
  const tenant = await lockTenantOrThrow(tx, tenantId);
  const [account] = await tx.select().from(subscriptions).where(eq(subscriptions.tenantId, tenantId)).for("update");
  // A tenant's billing customer never changes once stored: a subscription of another customer
  // must not take over this tenant.
  if (account && account.provider === snapshot.provider && account.customerId !== snapshot.customerId) {
    throw new AppError("CONFLICT", "This subscription belongs to a different billing customer.");
  }

  const history = await recordHistory(tx, tenantId, snapshot);
  if (!history) return;
  const phase = subscriptionPhase(snapshot.status);

  // A deleted workspace must not be billed: anything still running (paid in a checkout left open,
  // or resumed in Stripe) is set to end, by a job, whichever subscription it is.
  if (tenant.deletedAt && phase !== "dead" && !snapshot.cancelAtPeriodEnd) {
    await enqueueBillingJob(tx, { tenantId, kind: "end_subscription", subscriptionId: snapshot.subscriptionId, reopen: true });
  }

  const currentId = account?.subscriptionId ?? null;
  // The current subscription ended already, and this says so again (a late, replayed or new event
  // about it): its end was applied once. Applying it again would cancel a workspace an operator
  // has comped or reactivated since.
  if (currentId === snapshot.subscriptionId && phase === "dead" && subscriptionPhase(account?.status) === "dead") return;
  if (currentId !== snapshot.subscriptionId) {
    let currentPhase = currentId ? subscriptionPhase(account?.status) : "dead";
    // Already judged a duplicate: it is on its way out and never competes again.
    if (phase === "dead" || history.duplicateOf) return;
    if (phase === "live" && currentPhase === "live" && !tenant.deletedAt) {
      let current = await currentHistory(tx, tenantId, account!);
      const fresh = options.readCurrent ? await options.readCurrent(current.subscriptionId) : undefined;
      if (fresh !== undefined) {
        // Our copy of the current one may lag (ended, or set to end, since): decide on Stripe's.
        current = (fresh && (await recordHistory(tx, tenantId, fresh))) || { ...current, status: fresh?.status ?? "canceled" };
        currentPhase = subscriptionPhase(current.status);
      }
      if (currentPhase === "live") {
        const outcome = await resolveDuplicate(tx, { tenant, current, other: history, meta: options.meta });
        if (outcome.kept !== snapshot.subscriptionId) return;
      }
    } else if (!(currentPhase === "dead" || (currentPhase === "pending" && phase === "live"))) {
      return;
    }
  }

  await applyToWorkspace(tx, { ...options, tenant, account: account ?? null });
}

/** The columns a subscription's state fills, in its history row and in the current one alike. */
function stateColumns(snapshot: SubscriptionSnapshot) {
  return {
    provider: snapshot.provider,
    customerId: snapshot.customerId,
    status: snapshot.status,
    planId: snapshot.planId,
    interval: snapshot.interval,
    currentPeriodEnd: snapshot.currentPeriodEnd,
    cancelAtPeriodEnd: snapshot.cancelAtPeriodEnd,
    trialEnd: snapshot.trialEnd,
  };
}

/** Upserts the subscription's own row; null when the snapshot would revive a dead subscription. */
async function recordHistory(tx: Transaction, tenantId: string, snapshot: SubscriptionSnapshot): Promise<ProviderSubscription | null> {
  const where = and(eq(providerSubscriptions.tenantId, tenantId), eq(providerSubscriptions.subscriptionId, snapshot.subscriptionId));
  const [previous] = await tx.select().from(providerSubscriptions).where(where).for("update");
  // canceled and incomplete_expired are final at every provider: anything else is a stale read.
  if (previous && subscriptionPhase(previous.status) === "dead" && subscriptionPhase(snapshot.status) !== "dead") return null;
  const values = { ...stateColumns(snapshot), startedAt: snapshot.startedAt ?? previous?.startedAt ?? null, updatedAt: new Date() };
  if (previous) {
    await tx.update(providerSubscriptions).set(values).where(where);
    return { ...previous, ...values };
  }
  const [inserted] = await tx
    .insert(providerSubscriptions)
    .values({ tenantId, subscriptionId: snapshot.subscriptionId, ...values })
    .returning();
  return inserted!;
}

/** The current subscription's history row (rows from before the history existed are filled in). */
async function currentHistory(tx: Transaction, tenantId: string, account: Subscription): Promise<ProviderSubscription> {
  const [row] = await tx
    .select()
    .from(providerSubscriptions)
    .where(and(eq(providerSubscriptions.tenantId, tenantId), eq(providerSubscriptions.subscriptionId, account.subscriptionId!)));
  if (row) return row;
  const [inserted] = await tx
    .insert(providerSubscriptions)
    .values({
      tenantId,
      subscriptionId: account.subscriptionId!,
      provider: account.provider,
      customerId: account.customerId,
      status: account.status ?? "active",
      planId: account.planId,
      interval: account.interval,
      currentPeriodEnd: account.currentPeriodEnd,
      cancelAtPeriodEnd: account.cancelAtPeriodEnd,
      trialEnd: account.trialEnd,
    })
    .returning();
  return inserted!;
}

/** Makes the snapshot the current subscription and moves plan and status to match it. */
async function applyToWorkspace(
  tx: Transaction,
  options: ApplySnapshotOptions & { tenant: Tenant; account: Subscription | null },
): Promise<boolean> {
  const { tenantId, snapshot, tenant, account } = options;
  const values = {
    ...stateColumns(snapshot),
    subscriptionId: snapshot.subscriptionId,
    stateAsOf: snapshot.asOf,
    updatedAt: new Date(),
    ...(options.localCard !== undefined ? { localCard: options.localCard } : {}),
  };
  if (account) await tx.update(subscriptions).set(values).where(eq(subscriptions.tenantId, tenantId));
  else await tx.insert(subscriptions).values({ tenantId, ...values });
  // The revenue ledger follows the current subscription, in this same transaction.
  await recordMrrMovement(tx, {
    tenantId,
    toCents: monthlyRecurringCents({ status: snapshot.status, planId: snapshot.planId, interval: snapshot.interval, ...snapshot.pricing }),
    planId: snapshot.planId,
    interval: snapshot.interval,
    subscriptionId: snapshot.subscriptionId,
    cause: `subscription ${snapshot.status}`,
    at: snapshot.asOf,
  });

  // A paid plan sticks to the tenant; incomplete checkouts do not change it.
  const paying = ["active", "trialing", "past_due"].includes(snapshot.status);
  const planId = paying && snapshot.planId ? snapshot.planId : tenant.planId;
  // A provider-run trial decides when the trial ends (the sweep leaves such workspaces alone).
  const trialEndsAt = snapshot.status === "trialing" && snapshot.trialEnd ? snapshot.trialEnd : tenant.trialEndsAt;
  // The subscription's price decides the currency: a checkout paid in the other one (opened before a
  // switch, its webhook late) makes the workspace follow what it is actually billed in.
  const billedIn = snapshot.pricing?.currency;
  const currency = isCurrency(billedIn) ? billedIn : tenant.currency;
  // A move down's hold (plan-fit.ts) has done its work once the workspace has that plan.
  const holdDone = tenant.pendingPlanId !== null && tenant.pendingPlanId === planId;
  if (planId !== tenant.planId || trialEndsAt?.getTime() !== tenant.trialEndsAt?.getTime() || currency !== tenant.currency || holdDone) {
    const hold = holdDone ? { pendingPlanId: null, pendingPlanUntil: null } : {};
    await tx.update(tenants).set({ planId, trialEndsAt, currency, ...hold, updatedAt: new Date() }).where(eq(tenants.id, tenantId));
  }
  // The API's snapshot holds the plan and the billing period (from the subscription); a plan
  // decides features such as SSO too. (A status change is forgotten by transitionTenantStatus.)
  afterCommit(tx, () => (planId !== tenant.planId || currency !== tenant.currency ? forgetWorkspaceCaches({ tenantId, slug: tenant.slug }) : invalidateUsageSnapshot(tenantId)));
  if (planId !== tenant.planId) {
    await recordAuditEvent(tx, {
      tenantId,
      actorUserId: options.actorUserId ?? null,
      action: "billing.plan_changed",
      target: `tenant:${tenant.slug}`,
      metadata: { from: tenant.planId, to: planId, interval: snapshot.interval, provider: snapshot.provider },
      meta: options.meta,
    });
  }
  const sameSubscription = account?.subscriptionId === snapshot.subscriptionId;
  await recordSubscriptionEvent(tx, { ...options, account, planBefore: tenant.planId, planAfter: planId });
  if (sameSubscription && account.cancelAtPeriodEnd !== snapshot.cancelAtPeriodEnd && snapshot.status !== "canceled") {
    await recordAuditEvent(tx, {
      tenantId,
      actorUserId: options.actorUserId ?? null,
      action: snapshot.cancelAtPeriodEnd ? "billing.cancellation_scheduled" : "billing.cancellation_withdrawn",
      target: `subscription:${snapshot.subscriptionId}`,
      metadata: { periodEnd: snapshot.currentPeriodEnd?.toISOString() ?? null },
      meta: options.meta,
    });
  }

  return transitionTenantStatus(tx, {
    tenant: { ...tenant, planId, trialEndsAt },
    to: tenantStatusFor(snapshot.status, tenant.status),
    planId: snapshot.planId,
    reason: `subscription ${snapshot.status}`,
    cause: `${snapshot.subscriptionId}:${snapshot.status}:${snapshot.currentPeriodEnd?.toISOString() ?? "none"}`,
    actorUserId: options.actorUserId,
    source: options.source ?? (options.actorUserId ? "owner" : "webhook"),
    meta: options.meta,
    at: snapshot.asOf,
  });
}

/**
 * subscription.created when a subscription first goes live (new, or past its incomplete first
 * payment), else plan_changed when the workspace's plan moved, and cancelled when the current
 * subscription is set to end or ends without having been set to.
 */
async function recordSubscriptionEvent(
  tx: Transaction,
  options: ApplySnapshotOptions & { account: Subscription | null; planBefore: string | null; planAfter: string | null },
): Promise<void> {
  const { tenantId, snapshot, account } = options;
  const base = { tenantId, actor: actorOf(options.actorUserId ?? null, options.meta) };
  const subscriptionId = snapshot.subscriptionId;
  const same = account?.subscriptionId === subscriptionId;
  const phase = subscriptionPhase(snapshot.status);
  const wasLive = same && subscriptionPhase(account.status) === "live";
  if (phase === "live" && !wasLive) {
    const trialEndsAt = snapshot.status === "trialing" ? (snapshot.trialEnd?.toISOString() ?? null) : null;
    await recordEvent(tx, { ...base, type: "subscription.created", data: { subscriptionId, planId: snapshot.planId, status: snapshot.status, trialEndsAt } });
    return;
  }
  if (options.planAfter && options.planBefore !== options.planAfter) {
    await recordEvent(tx, { ...base, type: "subscription.plan_changed", data: { subscriptionId, fromPlanId: options.planBefore, toPlanId: options.planAfter } });
  }
  if (!same) return;
  if (snapshot.cancelAtPeriodEnd && !account.cancelAtPeriodEnd && phase === "live") {
    const endsAt = snapshot.currentPeriodEnd?.toISOString() ?? null;
    await recordEvent(tx, { ...base, type: "subscription.cancelled", data: { subscriptionId, planId: snapshot.planId, atPeriodEnd: true, endsAt } });
  } else if (phase === "dead" && subscriptionPhase(account.status) !== "dead" && !account.cancelAtPeriodEnd) {
    await recordEvent(tx, { ...base, type: "subscription.cancelled", data: { subscriptionId, planId: snapshot.planId ?? account.planId, atPeriodEnd: false, endsAt: snapshot.asOf.toISOString() } });
  }
}
