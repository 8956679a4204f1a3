import { eq } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import { recordAuditEvent, type RequestMeta } from "../audit/record-audit-event";
import type { Transaction } from "../db/client";
import { listLifecycleCandidates } from "../db/cross-tenant";
import { withTenant } from "../db/with-tenant";
import { subscriptions, tenants, type Tenant } from "../db/schema";
import { enqueueEmails } from "../email/enqueue-email";
import { emailDateTime } from "../email/email-text";
import { emailsPerLocale } from "../email/emails-per-locale";
import { env } from "../env";
import { logger } from "../logger";
import { applySubscriptionSnapshot } from "./apply-subscription-snapshot";
import { isPlanId, PLANS, priceCents, type BillingInterval } from "../../lib/plans";
import { addInterval } from "./local/periods";
import { recordInvoice } from "./record-invoice";
import { billingRecipientsWithLocale } from "./recipients";
import { subscriptionPhase, type ProviderStatus } from "./status-map";
import { transitionTenantStatus } from "./transition-tenant-status";

const DAY = 86_400_000;
const SYSTEM: RequestMeta = { ip: null, userAgent: "atrium-lifecycle-sweep" };

export type SweepReport = { candidates: number; skipped: number; failed: number; actions: string[] };

/** The sweep's parts: the local provider's renewals, trial reminders and expiry, past-due grace. */
export type SweepStep = "renewals" | "trials" | "grace";
const ALL_STEPS: readonly SweepStep[] = ["renewals", "trials", "grace"];

async function trialStep(tx: Transaction, tenant: Tenant, now: Date, actions: string[]) {
  if (tenant.status !== "trialing" || !tenant.trialEndsAt) return;
  // A trial run by the provider (or a paid subscription): its own events decide, never our clock.
  const [account] = await tx.select({ status: subscriptions.status }).from(subscriptions).where(eq(subscriptions.tenantId, tenant.id));
  if (account && subscriptionPhase(account.status) === "live") return;
  const msLeft = tenant.trialEndsAt.getTime() - now.getTime();
  if (msLeft <= 0) {
    const changed = await transitionTenantStatus(tx, {
      tenant,
      to: "suspended",
      reason: "trial ended without a plan",
      cause: `trial-end:${tenant.trialEndsAt.toISOString()}`,
      source: "sweep",
      meta: SYSTEM,
      at: now,
    });
    if (changed) actions.push(`${tenant.slug}: trial ended -> suspended`);
    return;
  }
  const daysLeft = Math.ceil(msLeft / DAY);
  const reminder = daysLeft <= 1 ? 1 : daysLeft <= 3 ? 3 : null;
  if (!reminder) return;
  const trialEndsAt = tenant.trialEndsAt;
  const recipients = await billingRecipientsWithLocale(tx, tenant.id);
  const sent = await enqueueEmails(
    tx,
    emailsPerLocale(
      recipients,
      (t, locale) => {
        return {
          subject: t("billing.trialReminderSubject", { workspace: tenant.name, days: reminder }),
          text: t("billing.trialReminderText", { workspace: tenant.name, date: emailDateTime(trialEndsAt, locale) }),
        };
      },
      (to) => `trial-reminder:${tenant.id}:${trialEndsAt.toISOString()}:${reminder}:${to}`,
    ),
  );
  if (sent > 0) {
    await recordAuditEvent(tx, { tenantId: tenant.id, actorUserId: null, action: "billing.trial_reminder", target: `tenant:${tenant.slug}`, metadata: { daysLeft: reminder }, meta: SYSTEM });
    actions.push(`${tenant.slug}: trial reminder (${reminder}d)`);
  }
}

async function graceStep(tx: Transaction, tenant: Tenant, now: Date, actions: string[]) {
  if (tenant.status !== "past_due" || !tenant.pastDueSince) return;
  if (tenant.pastDueSince.getTime() + env.PAST_DUE_GRACE_DAYS * DAY > now.getTime()) return;
  const changed = await transitionTenantStatus(tx, {
    tenant,
    to: "suspended",
    reason: `payment overdue for ${env.PAST_DUE_GRACE_DAYS} days`,
    cause: `grace:${tenant.pastDueSince.toISOString()}`,
    source: "sweep",
    meta: SYSTEM,
    at: now,
  });
  if (changed) actions.push(`${tenant.slug}: grace period over -> suspended`);
}

/** The local provider's renewals: what Stripe does on its own at each period end. */
async function localRenewalStep(tx: Transaction, tenant: Tenant, now: Date, actions: string[]) {
  const [sub] = await tx.select().from(subscriptions).where(eq(subscriptions.tenantId, tenant.id)).for("update");
  if (!sub || sub.provider !== "local" || !sub.subscriptionId || !sub.currentPeriodEnd || sub.currentPeriodEnd > now) return;
  if (!["active", "past_due"].includes(sub.status ?? "") || !isPlanId(sub.planId)) return;
  const interval = sub.interval as BillingInterval;
  const base = { provider: "local" as const, customerId: sub.customerId, subscriptionId: sub.subscriptionId, planId: sub.planId, interval, trialEnd: null, startedAt: null, asOf: now };
  if (sub.cancelAtPeriodEnd) {
    await applySubscriptionSnapshot(tx, { tenantId: tenant.id, meta: SYSTEM, source: "sweep", snapshot: { ...base, status: "canceled", currentPeriodEnd: sub.currentPeriodEnd, cancelAtPeriodEnd: true } });
    actions.push(`${tenant.slug}: subscription ended`);
    return;
  }
  const nextEnd = addInterval(sub.currentPeriodEnd, interval, sub.localAnchorDay);
  // Credit a plan change left pays first (a failed charge keeps it for the retry); what it covers
  // in full needs no card, so the failing test card cannot fail it.
  const price = priceCents(PLANS[sub.planId], interval, tenant.currency) ?? 0;
  const fromCredit = Math.min(price, sub.localCreditCents);
  const fails = sub.localCard === "fails_renewal" && price - fromCredit > 0;
  await recordInvoice(tx, {
    tenantId: tenant.id,
    meta: SYSTEM,
    invoice: {
      // Deterministic per period: a second sweep cannot charge the same period twice.
      id: `local_in_${sub.subscriptionId}_${sub.currentPeriodEnd.getTime()}`,
      number: null,
      status: fails ? "failed" : "paid",
      amountCents: price - fromCredit,
      currency: tenant.currency,
      periodEnd: nextEnd,
      hostedUrl: null,
      attempt: 1,
    },
  });
  if (!fails && fromCredit > 0) await tx.update(subscriptions).set({ localCreditCents: sub.localCreditCents - fromCredit }).where(eq(subscriptions.tenantId, tenant.id));
  const status: ProviderStatus = fails ? "past_due" : "active";
  await applySubscriptionSnapshot(tx, { tenantId: tenant.id, meta: SYSTEM, source: "sweep", snapshot: { ...base, status, currentPeriodEnd: nextEnd, cancelAtPeriodEnd: false } });
  actions.push(`${tenant.slug}: renewal ${fails ? "failed" : "paid"}`);
}

/**
 * Trial reminders and expiry, past-due grace expiry and local renewals (all by default; the job
 * queues run renewals apart from the rest). Safe with several app instances: each tenant is
 * locked with FOR UPDATE SKIP LOCKED and re-checked under the lock, and every step is idempotent
 * (state checks plus email dedupe keys).
 */
export async function runLifecycleSweep({ now = new Date(), steps = ALL_STEPS }: { now?: Date; steps?: readonly SweepStep[] } = {}): Promise<SweepReport> {
  const candidates = await listLifecycleCandidates(new Date(now.getTime() + 3 * DAY), now);
  const report: SweepReport = { candidates: candidates.length, skipped: 0, failed: 0, actions: [] };
  for (const tenantId of candidates) {
    try {
      await withTenant(tenantId, async (tx) => {
        const [tenant] = await tx.select().from(tenants).where(eq(tenants.id, tenantId)).for("update", { skipLocked: true });
        // Deleted since the candidates were listed: nothing to remind, suspend or renew.
        if (!tenant || tenant.deletedAt) {
          report.skipped++;
          return;
        }
        if (steps.includes("renewals")) await localRenewalStep(tx, tenant, now, report.actions);
        // Renewal may have changed the tenant; re-read it under the same lock.
        const [fresh] = await tx.select().from(tenants).where(eq(tenants.id, tenantId));
        if (steps.includes("trials")) await trialStep(tx, fresh!, now, report.actions);
        if (steps.includes("grace")) await graceStep(tx, fresh!, now, report.actions);
      });
    } catch (error) {
      report.failed++;
      logger.error("lifecycle sweep failed for a tenant", { tenantId, error, run: randomUUID() });
    }
  }
  return report;
}
