import { eq } from "drizzle-orm";
import { recordAuditEvent, type RequestMeta } from "../audit/record-audit-event";
import type { Transaction } from "../db/client";
import { tenants, type EventActor, type StatusChangeSource, type Tenant, type TenantStatus } from "../db/schema";
import { afterCommit } from "../db/with-tenant";
import { enqueueEmails } from "../email/enqueue-email";
import { emailsPerLocale } from "../email/emails-per-locale";
import { actorOf, recordEvent, workspaceOf } from "../events/record-event";
import { forgetWorkspaceCaches } from "../tenants/forget-workspace-caches";
import { recordStatusChange } from "../tenants/record-status-change";
import type { PlanId } from "../../lib/plans";
import { statusChangeEmail } from "./lifecycle-emails";
import { billingRecipientsWithLocale } from "./recipients";

export type TransitionOptions = {
  tenant: Tenant;
  to: TenantStatus;
  planId?: PlanId | null;
  reason: string;
  /** Identifies what caused the change; keys the emails so a replay cannot resend them. */
  cause: string;
  /** Who or what moved it, for the lifecycle timeline (tenant_status_changes). */
  source: StatusChangeSource;
  /** The caller tells the owners itself (an operator's action says who acted and why). */
  quiet?: boolean;
  actorUserId?: string | null;
  /** The event's actor when not the actorUserId (an operator, whose id the audit log does not carry). */
  eventActor?: EventActor;
  meta: RequestMeta;
  /** When the change happens (the snapshot's time, or the sweep's clock). */
  at?: Date;
};

/**
 * Moves a tenant (row already locked by the caller) to a new lifecycle status, with its audit
 * event and emails in the same transaction. No-op when the status is unchanged.
 */
export async function transitionTenantStatus(tx: Transaction, options: TransitionOptions): Promise<boolean> {
  const { tenant, to } = options;
  if (tenant.status === to) return false;
  // An operator's suspension holds against billing: a renewal or a late "active" event must not
  // lift it; only an operator does. The subscription ending still moves it to cancelled, but the
  // hold stays (a cancelled workspace can subscribe again: cancelling and resubscribing must not be
  // a way out of a suspension), and buying or changing a plan is refused while it holds.
  if (tenant.operatorSuspendedAt && options.source !== "operator" && to !== "cancelled") return false;
  const at = options.at ?? new Date();
  await tx
    .update(tenants)
    .set({
      status: to,
      pastDueSince: to === "past_due" ? (tenant.pastDueSince ?? at) : to === "suspended" ? tenant.pastDueSince : null,
      operatorSuspendedAt: to === "suspended" && options.source === "operator" ? at : to === "cancelled" && options.source !== "operator" ? tenant.operatorSuspendedAt : null,
      updatedAt: at,
    })
    .where(eq(tenants.id, tenant.id));
  // The timeline (operators only) names the operator who acted; the workspace's own log does not.
  const timelineActor = options.actorUserId ?? (options.eventActor?.type === "operator" ? options.eventActor.id : null);
  await recordStatusChange(tx, { tenantId: tenant.id, from: tenant.status, to, source: options.source, reason: options.reason, actorUserId: timelineActor, at });
  // Hosts route on the cached status (proxy.ts) and the API on a cached snapshot: a customer who
  // just paid must not meet the "suspended" notice, nor a suspended one keep using the API.
  afterCommit(tx, () => forgetWorkspaceCaches({ tenantId: tenant.id, slug: tenant.slug }));
  await recordAuditEvent(tx, {
    tenantId: tenant.id,
    actorUserId: options.actorUserId ?? null,
    action: "tenant.status_changed",
    target: `tenant:${tenant.slug}`,
    metadata: { from: tenant.status, to, reason: options.reason },
    meta: options.meta,
  });
  await recordLifecycleEvent(tx, options);
  // Suspension and cancellation are emailed from their events (server/email/event-emails.ts); the
  // move to a paid plan has no event of its own (it follows a subscription or an invoice), so its
  // welcome is queued here.
  // A deleted workspace is told nothing: a subscription that turns up after the deletion (a checkout
  // paid late, one made in Stripe's dashboard) is being ended, not welcomed.
  const write = options.quiet || tenant.deletedAt || to === "suspended" || to === "cancelled" ? null : statusChangeEmail(tenant, to, options.planId ?? null);
  if (write) {
    const recipients = await billingRecipientsWithLocale(tx, tenant.id);
    await enqueueEmails(tx, emailsPerLocale(recipients, write, (address) => `status:${tenant.id}:${to}:${options.cause}:${address}`));
  }
  return true;
}

const USABLE: readonly TenantStatus[] = ["trialing", "active", "past_due"];

/** workspace.suspended / cancelled / reactivated for the transitions that are one of those. */
async function recordLifecycleEvent(tx: Transaction, { tenant, to, reason, actorUserId, eventActor, meta }: TransitionOptions): Promise<void> {
  const base = { tenantId: tenant.id, actor: eventActor ?? actorOf(actorUserId ?? null, meta) };
  const workspace = workspaceOf(tenant);
  const previousStatus = tenant.status;
  if (to === "suspended") {
    await recordEvent(tx, { ...base, type: "workspace.suspended", data: { workspace, reason: reason.slice(0, 500), previousStatus } });
  } else if (to === "cancelled") {
    await recordEvent(tx, { ...base, type: "workspace.cancelled", data: { workspace, previousStatus } });
  } else if ((previousStatus === "suspended" || previousStatus === "cancelled") && USABLE.includes(to)) {
    await recordEvent(tx, { ...base, type: "workspace.reactivated", data: { workspace, previousStatus } });
  }
}
