import { eq } from "drizzle-orm";
import type { RequestMeta } from "../audit/record-audit-event";
import { hasOpenBillingJobs, runBillingJobsSoon } from "../billing/billing-jobs";
import { listTenantsToPurge } from "../db/cross-tenant";
import { recordMrrMovement } from "../revenue/record-mrr-movement";
import { withTenant } from "../db/with-tenant";
import { tenants } from "../db/schema";
import { env } from "../env";
import { AppError } from "../errors";
import { logger } from "../logger";
import { deletePrefix } from "../storage/storage";
import { lockTenantOrThrow } from "./lock-tenant";
import { markTenantDeleted } from "./mark-tenant-deleted";

export type DeleteTenantOptions = { tenantId: string; actorUserId: string; confirmSlug: string; meta: RequestMeta };

/**
 * Deletes a workspace: it disappears at once (host, lists), a live subscription is set to end,
 * and its data is kept for WORKSPACE_RETENTION_DAYS before the sweep purges it.
 */
export async function deleteTenant({ tenantId, actorUserId, confirmSlug, meta }: DeleteTenantOptions): Promise<void> {
  await withTenant(tenantId, async (tx) => {
    const tenant = await lockTenantOrThrow(tx, tenantId);
    if (tenant.deletedAt) throw new AppError("NOT_FOUND", "Workspace not found.");
    if (confirmSlug.trim().toLowerCase() !== tenant.slug) {
      throw new AppError("BAD_REQUEST", "Type the workspace address exactly to confirm.", { fieldErrors: { confirmSlug: [`Type ${tenant.slug} to confirm.`] } });
    }
    await markTenantDeleted(tx, { tenant, actorUserId, source: "owner", reason: "deleted by an owner", meta });
  });
  await runBillingJobsSoon(tenantId);
}

/** The sweep's purge: deleted workspaces past retention are removed with everything they own. */
export async function purgeDeletedTenants({ now = new Date() }: { now?: Date } = {}): Promise<number> {
  const due = await listTenantsToPurge(new Date(now.getTime() - env.WORKSPACE_RETENTION_DAYS * 86_400_000));
  let purged = 0;
  for (const tenantId of due) {
    // Every tenant table references tenants(id) ON DELETE CASCADE (usage_events through its
    // statement-level triggers, drizzle/0019), billing jobs included: a job
    // still ending a subscription must finish (or give up) first, or nobody would stop the billing.
    // One workspace that cannot be purged (a statement timeout on a very large one, say) is logged
    // and left for the next run; it must not stop every workspace listed after it.
    const removed = await withTenant(tenantId, async (tx) => {
      // Under the workspace's lock, which a Stripe event holds while it reads the subscription and
      // may queue a job (a subscription resumed at Stripe): the jobs are counted after it commits,
      // never deleted with the workspace behind its back. Still deleted, still past retention?
      const [tenant] = await tx.select().from(tenants).where(eq(tenants.id, tenantId)).for("update");
      if (!tenant?.deletedAt || tenant.deletedAt.getTime() > now.getTime() - env.WORKSPACE_RETENTION_DAYS * 86_400_000) return "kept";
      if (await hasOpenBillingJobs(tx, tenantId)) return "waiting";
      // Its revenue ends here at the latest: the ledger outlives the workspace, and the end of a
      // subscription still set to run out (a yearly one, say) would find no workspace to record
      // its churn against, leaving its MRR counted for ever.
      await recordMrrMovement(tx, { tenantId, toCents: 0, planId: null, interval: null, subscriptionId: null, cause: "workspace purged", at: now });
      await tx.delete(tenants).where(eq(tenants.id, tenantId));
      return "purged";
    }).catch((error: unknown) => {
      logger.error("could not purge a deleted workspace; the next run tries again", { tenantId, error });
      return "failed" as const;
    });
    if (removed === "waiting") logger.warn("purge of a deleted workspace waits for its billing jobs", { tenantId });
    if (removed !== "purged") continue;
    purged++;
    // Then its files (logo, exports); a failure here leaves orphaned files, never data in the database.
    await Promise.all([deletePrefix(`logos/${tenantId}`), deletePrefix(`exports/${tenantId}`)]).catch((error: unknown) =>
      logger.error("could not remove a purged workspace's files", { tenantId, error }),
    );
  }
  return purged;
}
