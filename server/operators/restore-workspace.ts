import { eq } from "drizzle-orm";
import { tenants } from "../db/schema";
import { afterCommit } from "../db/with-tenant";
import { env } from "../env";
import { recordEvent } from "../events/record-event";
import { AppError } from "../errors";
import { forgetWorkspaceCaches } from "../tenants/forget-workspace-caches";
import { recordStatusChange } from "../tenants/record-status-change";
import { actOnWorkspace, type WorkspaceActionOptions } from "./operator-action";
import { notifyOwners } from "./notify-owners";

export type RestoreWorkspaceOptions = WorkspaceActionOptions;

const DAY = 86_400_000;

/**
 * Brings back a deleted workspace within the retention period, with the status it had. Its
 * subscriptions were set to end when it was deleted; the owners resubscribe from Billing (or an
 * operator comps a plan). After the retention period the purge may have begun: refused.
 */
export async function restoreWorkspace(options: RestoreWorkspaceOptions): Promise<void> {
  await actOnWorkspace(
    options,
    "operator.workspace_restored",
    async (tx, tenant, reason) => {
      if (!tenant.deletedAt) throw new AppError("CONFLICT", "This workspace is not deleted.");
      const purgeAt = new Date(tenant.deletedAt.getTime() + env.WORKSPACE_RETENTION_DAYS * DAY);
      if (purgeAt <= new Date()) {
        throw new AppError("CONFLICT", `The retention period ended on ${purgeAt.toISOString().slice(0, 10)}; this workspace is being purged and cannot be restored.`);
      }
      const now = new Date();
      await tx.update(tenants).set({ deletedAt: null, updatedAt: now }).where(eq(tenants.id, tenant.id));
      await recordStatusChange(tx, { tenantId: tenant.id, from: "deleted", to: tenant.status, source: "operator", reason, actorUserId: options.operator.id, at: now });
      // Integrators that heard workspace.deleted learn that it is back.
      await recordEvent(tx, {
        tenantId: tenant.id,
        type: "workspace.reactivated",
        data: { workspace: { id: tenant.id, slug: tenant.slug, name: tenant.name }, previousStatus: "deleted" },
        actor: { type: "operator", id: options.operator.id },
      });
      afterCommit(tx, () => forgetWorkspaceCaches({ tenantId: tenant.id, slug: tenant.slug }));
      await notifyOwners(tx, tenant, {
        kind: "restored",
        subject: `${tenant.name} has been restored`,
        text: `Platform support restored ${tenant.name} with all its data. If it had a subscription, choose a plan again in Billing. Reason given: ${reason}`,
      });
      return { metadata: { deletedAt: tenant.deletedAt.toISOString(), status: tenant.status }, result: undefined };
    },
    { onDeleted: "allow" },
  );
}
