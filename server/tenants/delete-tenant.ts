import { eq } from "drizzle-orm";
import { invalidateAllApiKeys } from "../api-keys/authenticate-api-key";
import { recordAuditEvent, type RequestMeta } from "../audit/record-audit-event";
import { enqueueBillingJob, hasOpenBillingJobs, runBillingJobsSoon } from "../billing/billing-jobs";
import { subscriptionPhase } from "../billing/status-map";
import { billingRecipients } from "../billing/recipients";
import { listTenantsToPurge } from "../db/cross-tenant";
import { withTenant } from "../db/with-tenant";
import { providerSubscriptions, subscriptions, tenants } from "../db/schema";
import { enqueueEmails } from "../email/enqueue-email";
import { env } from "../env";
import { AppError } from "../errors";
import { logger } from "../logger";
import { deletePrefix } from "../storage/storage";
import { lockTenantOrThrow } from "./lock-tenant";
import { forgetWorkspaceCaches } from "./forget-workspace-caches";

export type DeleteTenantOptions = { tenantId: string; actorUserId: string; confirmSlug: string; meta: RequestMeta };

/**
 * Deletes a workspace: it disappears at once (host, lists), a live subscription is set to end,
 * and its data is kept for WORKSPACE_RETENTION_DAYS before the sweep purges it.
 */
export async function deleteTenant({ tenantId, actorUserId, confirmSlug, meta }: DeleteTenantOptions): Promise<void> {
  const state = await withTenant(tenantId, async (tx) => {
    const tenant = await lockTenantOrThrow(tx, tenantId);
    if (tenant.deletedAt) throw new AppError("NOT_FOUND", "Workspace not found.");
    if (confirmSlug.trim().toLowerCase() !== tenant.slug) {
      throw new AppError("BAD_REQUEST", "Type the workspace address exactly to confirm.", { fieldErrors: { confirmSlug: [`Type ${tenant.slug} to confirm.`] } });
    }
    const [sub] = await tx.select().from(subscriptions).where(eq(subscriptions.tenantId, tenantId));
    const recipients = await billingRecipients(tx, tenantId);
    await tx.update(tenants).set({ deletedAt: new Date(), updatedAt: new Date() }).where(eq(tenants.id, tenantId));
    await recordAuditEvent(tx, { tenantId, actorUserId, action: "tenant.deleted", target: `tenant:${tenant.slug}`, metadata: { retentionDays: env.WORKSPACE_RETENTION_DAYS }, meta });
    await enqueueEmails(
      tx,
      recipients.map((to) => ({
        to,
        subject: `${tenant.name} has been deleted`,
        text: `${tenant.name} was deleted. Its data is kept for ${env.WORKSPACE_RETENTION_DAYS} days and then removed for good. Contact support within that time if this was a mistake.`,
        dedupeKey: `tenant-deleted:${tenantId}:${to}`,
      })),
    );
    // The provider is asked after the commit, by jobs that retry until they succeed: every
    // subscription that has not ended is made to end (the job reads the provider fresh, so our
    // copy's lag does not matter), and open checkouts are expired so none can still be paid.
    const open = await tx
      .select({ id: providerSubscriptions.subscriptionId, status: providerSubscriptions.status })
      .from(providerSubscriptions)
      .where(eq(providerSubscriptions.tenantId, tenantId));
    const ids = new Set(open.filter((s) => subscriptionPhase(s.status) !== "dead").map((s) => s.id));
    if (sub?.subscriptionId && subscriptionPhase(sub.status) !== "dead") ids.add(sub.subscriptionId);
    for (const subscriptionId of ids) await enqueueBillingJob(tx, { tenantId, kind: "end_subscription", subscriptionId, reopen: true });
    if (sub) await enqueueBillingJob(tx, { tenantId, kind: "expire_checkouts", subscriptionId: sub.customerId, reopen: true });
    return { slug: tenant.slug };
  });
  forgetWorkspaceCaches({ tenantId, slug: state.slug });
  // The key cache is keyed by key hash, which this does not know: it is cleared (rare).
  invalidateAllApiKeys();
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
    const removed = await withTenant(tenantId, async (tx) => {
      if (await hasOpenBillingJobs(tx, tenantId)) return false;
      await tx.delete(tenants).where(eq(tenants.id, tenantId));
      return true;
    });
    if (!removed) {
      logger.warn("purge of a deleted workspace waits for its billing jobs", { tenantId });
      continue;
    }
    purged++;
    // Then its files (logo, exports); a failure here leaves orphaned files, never data in the database.
    await Promise.all([deletePrefix(`logos/${tenantId}`), deletePrefix(`exports/${tenantId}`)]).catch((error: unknown) =>
      logger.error("could not remove a purged workspace's files", { tenantId, error }),
    );
  }
  return purged;
}
