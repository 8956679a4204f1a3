import { eq } from "drizzle-orm";
import { invalidateAllApiKeys } from "../api-keys/authenticate-api-key";
import { recordAuditEvent, type RequestMeta } from "../audit/record-audit-event";
import { enqueueBillingJob } from "../billing/billing-jobs";
import { billingRecipientsWithLocale } from "../billing/recipients";
import { subscriptionPhase } from "../billing/status-map";
import type { Transaction } from "../db/client";
import { providerSubscriptions, subscriptions, tenants, type EventActor, type StatusChangeSource, type Tenant } from "../db/schema";
import { afterCommit } from "../db/with-tenant";
import { actorOf, recordEvent, workspaceOf } from "../events/record-event";
import { enqueueEmails } from "../email/enqueue-email";
import { emailsPerLocale } from "../email/emails-per-locale";
import { env } from "../env";
import { forgetWorkspaceCaches } from "./forget-workspace-caches";
import { recordStatusChange } from "./record-status-change";

export type MarkTenantDeletedOptions = {
  /** Locked by the caller (lockTenantOrThrow) and not yet deleted. */
  tenant: Tenant;
  actorUserId: string | null;
  /** The event's actor when not the actorUserId (an operator). */
  eventActor?: EventActor;
  source: StatusChangeSource;
  reason: string;
  meta: RequestMeta;
  /** Extra audit metadata (an operator's reason). */
  auditMetadata?: Record<string, unknown>;
};

/**
 * The writes of a deletion, inside the caller's transaction: the workspace disappears at once,
 * its owners are told, and every subscription that has not ended is set to end by a job (the
 * caller runs runBillingJobsSoon after the commit). Data stays for WORKSPACE_RETENTION_DAYS.
 */
export async function markTenantDeleted(tx: Transaction, options: MarkTenantDeletedOptions): Promise<void> {
  const { tenant, meta } = options;
  const tenantId = tenant.id;
  const [sub] = await tx.select().from(subscriptions).where(eq(subscriptions.tenantId, tenantId));
  const recipients = await billingRecipientsWithLocale(tx, tenantId);
  const at = new Date();
  await tx.update(tenants).set({ deletedAt: at, updatedAt: at }).where(eq(tenants.id, tenantId));
  const timelineActor = options.actorUserId ?? (options.eventActor?.type === "operator" ? options.eventActor.id : null);
  await recordStatusChange(tx, { tenantId, from: tenant.status, to: "deleted", source: options.source, reason: options.reason, actorUserId: timelineActor, at });
  await recordAuditEvent(tx, {
    tenantId,
    actorUserId: options.actorUserId,
    action: "tenant.deleted",
    target: `tenant:${tenant.slug}`,
    metadata: { retentionDays: env.WORKSPACE_RETENTION_DAYS, ...options.auditMetadata },
    meta,
  });
  await recordEvent(tx, { tenantId, type: "workspace.deleted", data: { workspace: workspaceOf(tenant) }, actor: options.eventActor ?? actorOf(options.actorUserId, meta) });
  await enqueueEmails(
    tx,
    emailsPerLocale(
      recipients,
      (t) => {
        return { subject: t("workspace.deletedSubject", { workspace: tenant.name }), text: t("workspace.deletedText", { workspace: tenant.name, days: env.WORKSPACE_RETENTION_DAYS }) };
      },
      // Keyed by the deletion time: a workspace restored and deleted again tells its owners again.
      (to) => `tenant-deleted:${tenantId}:${at.getTime()}:${to}`,
    ),
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
  afterCommit(tx, () => {
    forgetWorkspaceCaches({ tenantId, slug: tenant.slug });
    // The key cache is keyed by key hash, which this does not know: it is cleared (rare).
    invalidateAllApiKeys();
  });
}
