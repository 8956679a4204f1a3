import { eq } from "drizzle-orm";
import { recordAuditEvent, type RequestMeta } from "../audit/record-audit-event";
import type { Transaction } from "../db/client";
import { subscriptions, tenants } from "../db/schema";
import { AppError } from "../errors";
import type { SubscriptionSnapshot } from "./snapshot";
import { tenantStatusFor } from "./status-map";
import { transitionTenantStatus } from "./transition-tenant-status";

export type ApplySnapshotOptions = {
  tenantId: string;
  snapshot: SubscriptionSnapshot;
  actorUserId?: string | null;
  meta: RequestMeta;
  localCard?: string | null;
};

export type ApplySnapshotResult = { applied: boolean; statusChanged: boolean };

/**
 * The one place a subscription's state reaches the tenant, for Stripe webhooks and the local
 * provider alike. Runs inside the caller's withTenant transaction. A snapshot older than the one
 * stored (`asOf`) is ignored, so a late, out-of-order delivery cannot overwrite newer state.
 */
export async function applySubscriptionSnapshot(tx: Transaction, options: ApplySnapshotOptions): Promise<ApplySnapshotResult> {
  const { tenantId, snapshot } = options;
  const [tenant] = await tx.select().from(tenants).where(eq(tenants.id, tenantId)).for("update");
  if (!tenant) throw new AppError("NOT_FOUND", "Workspace not found.");
  const [stored] = await tx.select().from(subscriptions).where(eq(subscriptions.tenantId, tenantId));
  if (stored?.stateAsOf && stored.stateAsOf >= snapshot.asOf) return { applied: false, statusChanged: false };
  // A tenant's billing customer never changes once stored: a subscription of another customer
  // must not take over this tenant.
  if (stored && stored.provider === snapshot.provider && stored.customerId !== snapshot.customerId) {
    throw new AppError("CONFLICT", "This subscription belongs to a different billing customer.");
  }

  const values = {
    provider: snapshot.provider,
    customerId: snapshot.customerId,
    subscriptionId: snapshot.subscriptionId,
    status: snapshot.status,
    planId: snapshot.planId,
    interval: snapshot.interval,
    currentPeriodEnd: snapshot.currentPeriodEnd,
    cancelAtPeriodEnd: snapshot.cancelAtPeriodEnd,
    stateAsOf: snapshot.asOf,
    updatedAt: new Date(),
    ...(options.localCard !== undefined ? { localCard: options.localCard } : {}),
  };
  if (stored) await tx.update(subscriptions).set(values).where(eq(subscriptions.tenantId, tenantId));
  else await tx.insert(subscriptions).values({ tenantId, ...values });

  // A paid plan sticks to the tenant; incomplete checkouts do not change it.
  const paying = ["active", "trialing", "past_due"].includes(snapshot.status);
  const planId = paying && snapshot.planId ? snapshot.planId : tenant.planId;
  if (planId !== tenant.planId) {
    await tx.update(tenants).set({ planId, updatedAt: new Date() }).where(eq(tenants.id, tenantId));
    await recordAuditEvent(tx, {
      tenantId,
      actorUserId: options.actorUserId ?? null,
      action: "billing.plan_changed",
      target: `tenant:${tenant.slug}`,
      metadata: { from: tenant.planId, to: planId, interval: snapshot.interval, provider: snapshot.provider },
      meta: options.meta,
    });
  }
  if (stored && stored.cancelAtPeriodEnd !== snapshot.cancelAtPeriodEnd && snapshot.status !== "canceled") {
    await recordAuditEvent(tx, {
      tenantId,
      actorUserId: options.actorUserId ?? null,
      action: snapshot.cancelAtPeriodEnd ? "billing.cancellation_scheduled" : "billing.cancellation_withdrawn",
      target: `subscription:${snapshot.subscriptionId}`,
      metadata: { periodEnd: snapshot.currentPeriodEnd?.toISOString() ?? null },
      meta: options.meta,
    });
  }

  const to = tenantStatusFor(snapshot.status, tenant.status);
  const statusChanged = await transitionTenantStatus(tx, {
    tenant,
    to,
    planId: snapshot.planId,
    reason: `subscription ${snapshot.status}`,
    cause: `${snapshot.subscriptionId}:${snapshot.status}:${snapshot.currentPeriodEnd?.toISOString() ?? "none"}`,
    actorUserId: options.actorUserId,
    meta: options.meta,
    at: snapshot.asOf,
  });
  return { applied: true, statusChanged };
}
