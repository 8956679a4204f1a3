import { eq } from "drizzle-orm";
import { transitionTenantStatus } from "../billing/transition-tenant-status";
import { tenants } from "../db/schema";
import { afterCommit } from "../db/with-tenant";
import { AppError } from "../errors";
import { forgetWorkspaceCaches } from "../tenants/forget-workspace-caches";
import { recordStatusChange } from "../tenants/record-status-change";
import { actOnWorkspace, type WorkspaceActionOptions } from "./operator-action";
import { notifyOwners } from "./notify-owners";

export type SuspendWorkspaceOptions = WorkspaceActionOptions;

/**
 * An operator suspends a workspace: its hosts show the suspended notice and its API stops, until
 * an operator reactivates it (billing events do not lift an operator's suspension). A workspace
 * the sweep already suspended is put on the operator's hold instead.
 */
export async function suspendWorkspace(options: SuspendWorkspaceOptions): Promise<void> {
  await actOnWorkspace(options, "operator.workspace_suspended", async (tx, tenant, reason) => {
    if (tenant.operatorSuspendedAt) throw new AppError("CONFLICT", "This workspace is already suspended by an operator.");
    if (tenant.status === "cancelled") throw new AppError("CONFLICT", "This workspace is cancelled; there is nothing to suspend.");
    const at = new Date();
    if (tenant.status === "suspended") {
      await tx.update(tenants).set({ operatorSuspendedAt: at, updatedAt: at }).where(eq(tenants.id, tenant.id));
      await recordStatusChange(tx, { tenantId: tenant.id, from: "suspended", to: "suspended", source: "operator", reason, actorUserId: options.operator.id, at });
      afterCommit(tx, () => forgetWorkspaceCaches({ tenantId: tenant.id, slug: tenant.slug }));
    } else {
      await transitionTenantStatus(tx, { tenant, to: "suspended", reason, cause: `operator:${at.getTime()}`, source: "operator", quiet: true, eventActor: { type: "operator", id: options.operator.id }, meta: options.meta, at });
    }
    await notifyOwners(tx, tenant, {
      kind: "suspended",
      subject: `${tenant.name} has been suspended by platform support`,
      text: `Platform support suspended ${tenant.name}. Reason given: ${reason}\n\nNo data has been deleted. Reply to this email or contact support to resolve it.`,
    });
    return { metadata: { from: tenant.status }, result: undefined };
  });
}
