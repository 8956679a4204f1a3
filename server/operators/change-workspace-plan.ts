import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { getBillingProvider } from "../billing/get-provider";
import { subscriptionPhase } from "../billing/status-map";
import { subscriptions } from "../db/schema";
import { withTenant } from "../db/with-tenant";
import { AppError } from "../errors";
import { lockTenantOrThrow } from "../tenants/lock-tenant";
import { BILLING_INTERVALS, isPlanId, PLANS, type BillingInterval } from "../../lib/plans";
import { actOnWorkspace, callProviderForRequest, checkOperatorAction, checkWorkspaceId, recordProviderRequest, type WorkspaceActionOptions } from "./operator-action";
import { notifyOwners } from "./notify-owners";

export type ChangeWorkspacePlanOptions = WorkspaceActionOptions & {
  planId: string;
  interval: BillingInterval | string;
  /** Made when the form was rendered: the same attempt sent twice is one request to the provider. */
  attemptId?: string;
};

/**
 * Changes a paying workspace's plan through its billing provider (prorated, as an owner's change
 * would be). The request is in the operator audit log (with the reason) before the provider is
 * called, outside any transaction; the new plan reaches the workspace the usual way (the webhook,
 * or the local provider at once), and the outcome and the owners' email are written once the
 * provider has accepted the change.
 */
export async function changeWorkspacePlan(options: ChangeWorkspacePlanOptions): Promise<void> {
  const reason = checkOperatorAction(options.operator, options.reason);
  const { planId, interval } = options;
  if (!isPlanId(planId)) throw new AppError("BAD_REQUEST", "Choose a plan from the catalog.", { fieldErrors: { planId: ["Unknown plan."] } });
  if (!(BILLING_INTERVALS as readonly string[]).includes(interval)) throw new AppError("BAD_REQUEST", "Choose monthly or yearly billing.", { fieldErrors: { interval: ["Monthly or yearly."] } });
  if (PLANS[planId].monthlyCents === null) throw new AppError("BAD_REQUEST", `${PLANS[planId].name} has no list price; comp it instead.`);
  const state = await withTenant(checkWorkspaceId(options.tenantId), async (tx) => {
    const tenant = await lockTenantOrThrow(tx, options.tenantId);
    if (tenant.deletedAt) throw new AppError("CONFLICT", "This workspace was deleted. Restore it first.");
    const [sub] = await tx.select().from(subscriptions).where(eq(subscriptions.tenantId, tenant.id));
    if (!sub?.subscriptionId || subscriptionPhase(sub.status) !== "live") throw new AppError("CONFLICT", "This workspace has no subscription to change; comp a plan instead.");
    if (sub.planId === planId && sub.interval === interval) throw new AppError("CONFLICT", `It is already on ${PLANS[planId].name}, billed ${interval}ly.`);
    const idempotencyKey = `operator-change-plan:${sub.subscriptionId}:${planId}:${interval}:${options.attemptId ?? randomUUID()}`;
    const metadata = { from: { planId: sub.planId, interval: sub.interval }, to: { planId, interval }, subscriptionId: sub.subscriptionId, idempotencyKey };
    const request = { tenant, reason, action: "operator.plan_change", metadata };
    await recordProviderRequest(tx, options, request);
    return { request, subscriptionId: sub.subscriptionId, idempotencyKey };
  });
  await callProviderForRequest(options, state.request, () =>
    getBillingProvider().changePlan({
      tenant: state.request.tenant,
      subscriptionId: state.subscriptionId,
      planId,
      interval: interval as BillingInterval,
      actorUserId: options.operator.id,
      idempotencyKey: state.idempotencyKey,
      meta: options.meta,
    }),
  );
  await actOnWorkspace(options, "operator.plan_changed", async (tx, tenant, reason) => {
    await notifyOwners(tx, tenant, {
      kind: "plan-changed",
      subject: `${tenant.name} is moving to ${PLANS[planId].name}`,
      text: `Platform support changed the plan of ${tenant.name} to ${PLANS[planId].name}, billed ${interval}ly, with the usual proration. Reason given: ${reason}`,
    });
    return { metadata: state.request.metadata, result: undefined };
  });
}
