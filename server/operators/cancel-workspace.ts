import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { getBillingProvider } from "../billing/get-provider";
import { subscriptionPhase } from "../billing/status-map";
import { transitionTenantStatus } from "../billing/transition-tenant-status";
import { subscriptions } from "../db/schema";
import { withTenant } from "../db/with-tenant";
import { AppError } from "../errors";
import { lockTenantOrThrow } from "../tenants/lock-tenant";
import { actOnWorkspace, callProviderForRequest, checkOperatorAction, checkWorkspaceId, recordProviderRequest, type WorkspaceActionOptions } from "./operator-action";
import { notifyOwners } from "./notify-owners";

export type CancelWorkspaceOptions = WorkspaceActionOptions & { attemptId?: string };
export type CancelOutcome = { when: "now" } | { when: "period_end"; periodEnd: Date | null };

/**
 * Cancels a workspace. One that pays through a subscription is cancelled the way the lifecycle
 * says (DESIGN.md: cancelled at the end of the period): the provider is told to end it then, and
 * its "canceled" event moves the workspace. One without a subscription is cancelled at once.
 */
export async function cancelWorkspace(options: CancelWorkspaceOptions): Promise<CancelOutcome> {
  const reason = checkOperatorAction(options.operator, options.reason);
  const state = await withTenant(checkWorkspaceId(options.tenantId), async (tx) => {
    const tenant = await lockTenantOrThrow(tx, options.tenantId);
    if (tenant.deletedAt) throw new AppError("CONFLICT", "This workspace was deleted. Restore it first.");
    if (tenant.status === "cancelled") throw new AppError("CONFLICT", "This workspace is already cancelled.");
    const [sub] = await tx.select().from(subscriptions).where(eq(subscriptions.tenantId, tenant.id));
    const live = sub?.subscriptionId && subscriptionPhase(sub.status) === "live" ? { ...sub, subscriptionId: sub.subscriptionId } : null;
    if (live?.cancelAtPeriodEnd) throw new AppError("CONFLICT", "Its subscription is already set to end at the end of the period.");
    if (!live) return { live, request: null };
    const idempotencyKey = `operator-cancel:${live.subscriptionId}:${options.attemptId ?? randomUUID()}`;
    // In the log before the provider hears of it (see recordProviderRequest).
    const request = { tenant, reason, action: "operator.workspace_cancel", metadata: { when: "period_end", subscriptionId: live.subscriptionId, idempotencyKey } };
    await recordProviderRequest(tx, options, request);
    return { live, request };
  });
  const { live, request } = state;
  if (live && request) {
    // Outside any transaction (a network call); the outcome is recorded once the provider agreed.
    await callProviderForRequest(options, request, () =>
      getBillingProvider().setCancelAtPeriodEnd({
        tenant: request.tenant,
        subscriptionId: live.subscriptionId,
        cancel: true,
        actorUserId: options.operator.id,
        idempotencyKey: request.metadata.idempotencyKey,
        meta: options.meta,
      }),
    );
  }
  return actOnWorkspace<CancelOutcome>(options, "operator.workspace_cancelled", async (tx, tenant, reason) => {
    if (live) {
      await notifyOwners(tx, tenant, {
        kind: "cancelled",
        subject: `${tenant.name} will be cancelled at the end of its billing period`,
        text: `Platform support cancelled the subscription of ${tenant.name}. It stays usable until ${live.currentPeriodEnd?.toUTCString() ?? "the end of the period"}. Reason given: ${reason}`,
      });
      return { metadata: request?.metadata ?? { when: "period_end", subscriptionId: live.subscriptionId }, result: { when: "period_end" as const, periodEnd: live.currentPeriodEnd } };
    }
    if (tenant.status === "cancelled") throw new AppError("CONFLICT", "This workspace is already cancelled.");
    const now = new Date();
    await transitionTenantStatus(tx, { tenant, to: "cancelled", reason, cause: `operator:${now.getTime()}`, source: "operator", quiet: true, eventActor: { type: "operator", id: options.operator.id }, meta: options.meta, at: now });
    await notifyOwners(tx, tenant, {
      kind: "cancelled",
      subject: `${tenant.name} has been cancelled`,
      text: `Platform support cancelled ${tenant.name}. Your data is kept; you can subscribe again from Billing at any time. Reason given: ${reason}`,
    });
    return { metadata: { when: "now", from: tenant.status }, result: { when: "now" as const } };
  });
}
