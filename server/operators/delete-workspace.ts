import { runBillingJobsSoon } from "../billing/billing-jobs";
import { env } from "../env";
import { markTenantDeleted } from "../tenants/mark-tenant-deleted";
import { actOnWorkspace, type WorkspaceActionOptions } from "./operator-action";

export type DeleteWorkspaceOptions = WorkspaceActionOptions;

/**
 * An operator deletes a workspace, as its owner could: it disappears at once, its subscriptions
 * are set to end, its owners are told, and it can be restored for WORKSPACE_RETENTION_DAYS.
 */
export async function deleteWorkspace(options: DeleteWorkspaceOptions): Promise<{ purgeAfter: Date }> {
  const result = await actOnWorkspace(options, "operator.workspace_deleted", async (tx, tenant, reason) => {
    await markTenantDeleted(tx, { tenant, actorUserId: null, eventActor: { type: "operator", id: options.operator.id }, source: "operator", reason, meta: options.meta, auditMetadata: { by: "platform support", reason } });
    const purgeAfter = new Date(Date.now() + env.WORKSPACE_RETENTION_DAYS * 86_400_000);
    return { metadata: { from: tenant.status, purgeAfter: purgeAfter.toISOString() }, result: { purgeAfter } };
  });
  await runBillingJobsSoon(options.tenantId);
  return result;
}
