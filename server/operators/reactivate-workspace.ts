import { eq } from "drizzle-orm";
import { subscriptionPhase, tenantStatusFor, type ProviderStatus } from "../billing/status-map";
import { transitionTenantStatus } from "../billing/transition-tenant-status";
import { subscriptions, type TenantStatus } from "../db/schema";
import { AppError } from "../errors";
import { actOnWorkspace, type WorkspaceActionOptions } from "./operator-action";
import { notifyOwners } from "./notify-owners";

export type ReactivateWorkspaceOptions = WorkspaceActionOptions;

/**
 * Lifts a suspension or a cancellation. The workspace goes where its billing says: the status its
 * live subscription maps to, back to its trial while that runs, otherwise active (the plan it
 * has, or the default plan; an operator who wants a paid plan without Stripe comps it).
 */
export async function reactivateWorkspace(options: ReactivateWorkspaceOptions): Promise<{ status: TenantStatus }> {
  return actOnWorkspace(options, "operator.workspace_reactivated", async (tx, tenant, reason) => {
    if (tenant.status !== "suspended" && tenant.status !== "cancelled") {
      throw new AppError("CONFLICT", `This workspace is ${tenant.status.replace("_", " ")}, not suspended or cancelled.`);
    }
    const [sub] = await tx.select().from(subscriptions).where(eq(subscriptions.tenantId, tenant.id));
    const now = new Date();
    let to: TenantStatus;
    if (sub?.subscriptionId && subscriptionPhase(sub.status) === "live") to = tenantStatusFor(sub.status as ProviderStatus, "active");
    else to = tenant.trialEndsAt && tenant.trialEndsAt > now ? "trialing" : "active";
    if (to === "suspended") throw new AppError("CONFLICT", `Its subscription is ${sub?.status}: the customer must settle it in Billing first.`);
    await transitionTenantStatus(tx, { tenant, to, reason, cause: `operator:${now.getTime()}`, source: "operator", quiet: true, eventActor: { type: "operator", id: options.operator.id }, meta: options.meta, at: now });
    await notifyOwners(tx, tenant, {
      kind: "reactivated",
      subject: `${tenant.name} is available again`,
      text: `Platform support reactivated ${tenant.name}; your team can use it again. Reason given: ${reason}`,
    });
    return { metadata: { from: tenant.status, to }, result: { status: to } };
  });
}
