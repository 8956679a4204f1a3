import { and, eq } from "drizzle-orm";
import { recordAuditEvent, type RequestMeta } from "../audit/record-audit-event";
import type { Transaction } from "../db/client";
import { providerSubscriptions, type ProviderSubscription, type Tenant } from "../db/schema";
import { enqueueEmails } from "../email/enqueue-email";
import { type EmailTranslator } from "../email/email-text";
import { emailsPerLocale } from "../email/emails-per-locale";
import { enqueueBillingJob } from "./billing-jobs";
import { isPlanId, PLANS } from "../../lib/plans";
import { billingRecipientsWithLocale } from "./recipients";

/**
 * Which of two live subscriptions a workspace keeps. Decided by the provider's own facts, so any
 * delivery order reaches the same answer: one that is not already set to end, then the one
 * created first (a row from before history was kept counts as first), then the smaller id.
 */
export function survivorOf(a: ProviderSubscription, b: ProviderSubscription): ProviderSubscription {
  if (a.cancelAtPeriodEnd !== b.cancelAtPeriodEnd) return a.cancelAtPeriodEnd ? b : a;
  const started = (s: ProviderSubscription) => s.startedAt?.getTime() ?? Number.NEGATIVE_INFINITY;
  if (started(a) !== started(b)) return started(a) < started(b) ? a : b;
  return a.subscriptionId < b.subscriptionId ? a : b;
}

const planName = (s: ProviderSubscription, t: EmailTranslator) => (isPlanId(s.planId) ? PLANS[s.planId].name : t("billing.unknownPlan"));

/**
 * Two live subscriptions for one workspace (two tabs, a double click, or one made outside
 * Atrium): keep one, and queue the other for cancellation with a prorated refund. The loser is
 * marked so it never competes again, which keeps the workspace's plan from flip-flopping.
 * The owners and billing members are told, and it is audited, once.
 */
export async function resolveDuplicate(
  tx: Transaction,
  options: { tenant: Tenant; current: ProviderSubscription; other: ProviderSubscription; meta: RequestMeta },
): Promise<{ kept: string; cancelled: string }> {
  const { tenant, current, other } = options;
  const keep = survivorOf(current, other);
  const drop = keep === current ? other : current;
  await tx
    .update(providerSubscriptions)
    .set({ duplicateOf: keep.subscriptionId, updatedAt: new Date() })
    .where(and(eq(providerSubscriptions.tenantId, tenant.id), eq(providerSubscriptions.subscriptionId, drop.subscriptionId)));
  // Reopened: a subscription released once (the one it lost to ended) can lose again, to another.
  await enqueueBillingJob(tx, { tenantId: tenant.id, kind: "cancel_duplicate", subscriptionId: drop.subscriptionId, payload: { keptSubscriptionId: keep.subscriptionId }, reopen: true });
  await recordAuditEvent(tx, {
    tenantId: tenant.id,
    actorUserId: null,
    action: "billing.duplicate_subscription",
    target: `subscription:${drop.subscriptionId}`,
    metadata: { kept: keep.subscriptionId, keptPlan: keep.planId, cancelled: drop.subscriptionId, cancelledPlan: drop.planId },
    meta: options.meta,
  });
  const recipients = await billingRecipientsWithLocale(tx, tenant.id);
  await enqueueEmails(
    tx,
    emailsPerLocale(
      recipients,
      (t) => {
        return {
          subject: t("billing.duplicateSubject", { workspace: tenant.name }),
          text: t("billing.duplicateText", {
            workspace: tenant.name,
            keptPlan: planName(keep, t),
            keptId: keep.subscriptionId,
            cancelledPlan: planName(drop, t),
            cancelledId: drop.subscriptionId,
          }),
        };
      },
      (to) => `duplicate-subscription:${drop.subscriptionId}:${to}`,
    ),
  );
  return { kept: keep.subscriptionId, cancelled: drop.subscriptionId };
}
