import { eq } from "drizzle-orm";
import { recordAuditEvent } from "../audit/record-audit-event";
import { subscriptionPhase } from "../billing/status-map";
import { transitionTenantStatus } from "../billing/transition-tenant-status";
import { subscriptions, tenants } from "../db/schema";
import { afterCommit } from "../db/with-tenant";
import { AppError } from "../errors";
import { forgetWorkspaceCaches } from "../tenants/forget-workspace-caches";
import { isPlanId, PLANS, type PlanId } from "../../lib/plans";
import { actOnWorkspace, type WorkspaceActionOptions } from "./operator-action";
import { notifyOwners } from "./notify-owners";

export type CompWorkspacePlanOptions = WorkspaceActionOptions & { planId: PlanId | string };

/**
 * Puts a workspace on a plan without the billing provider (a comp): the plan applies at once and
 * the workspace is active. Refused while a subscription is live: that plan is the provider's, and
 * the next webhook would undo ours (change it through the provider instead).
 */
export async function compWorkspacePlan(options: CompWorkspacePlanOptions): Promise<void> {
  await actOnWorkspace(options, "operator.plan_comped", async (tx, tenant, reason) => {
    if (!isPlanId(options.planId)) throw new AppError("BAD_REQUEST", "Choose a plan from the catalog.", { fieldErrors: { planId: ["Unknown plan."] } });
    const planId = options.planId;
    if (tenant.operatorSuspendedAt) throw new AppError("CONFLICT", "This workspace is suspended by an operator; reactivate it first.");
    const [sub] = await tx.select().from(subscriptions).where(eq(subscriptions.tenantId, tenant.id));
    if (sub?.subscriptionId && subscriptionPhase(sub.status) === "live") {
      throw new AppError("CONFLICT", "This workspace pays through a subscription; change its plan through billing instead.");
    }
    if (tenant.planId === planId && tenant.status === "active") throw new AppError("CONFLICT", `This workspace is already active on ${PLANS[planId].name}.`);
    const now = new Date();
    await tx.update(tenants).set({ planId, updatedAt: now }).where(eq(tenants.id, tenant.id));
    afterCommit(tx, () => forgetWorkspaceCaches({ tenantId: tenant.id, slug: tenant.slug }));
    await recordAuditEvent(tx, { tenantId: tenant.id, actorUserId: null, action: "billing.plan_changed", target: `tenant:${tenant.slug}`, metadata: { from: tenant.planId, to: planId, provider: "none", by: "platform support" }, meta: options.meta });
    await transitionTenantStatus(tx, { tenant: { ...tenant, planId }, to: "active", planId, reason, cause: `operator:${now.getTime()}`, source: "operator", quiet: true, eventActor: { type: "operator", id: options.operator.id }, meta: options.meta, at: now });
    await notifyOwners(tx, tenant, {
      kind: "plan-comped",
      subject: `${tenant.name} is now on ${PLANS[planId].name}`,
      text: `Platform support put ${tenant.name} on the ${PLANS[planId].name} plan, with no charge through billing. Reason given: ${reason}`,
    });
    return { metadata: { from: tenant.planId, to: planId, status: tenant.status }, result: undefined };
  });
}
