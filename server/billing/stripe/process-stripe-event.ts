import { eq } from "drizzle-orm";
import type Stripe from "stripe";
import type { RequestMeta } from "../../audit/record-audit-event";
import { findTenantByBillingCustomer } from "../../db/cross-tenant";
import { getDb, type Transaction } from "../../db/client";
import { withTenant } from "../../db/with-tenant";
import { billingEvents, subscriptions, tenants } from "../../db/schema";
import { enqueueEmails } from "../../email/enqueue-email";
import { emailDateTime } from "../../email/email-text";
import { emailsPerLocale } from "../../email/emails-per-locale";
import { isAppError } from "../../errors";
import { logger } from "../../logger";
import { lockTenantOrThrow } from "../../tenants/lock-tenant";
import { applySubscriptionSnapshot } from "../apply-subscription-snapshot";
import { runBillingJobsSoon } from "../billing-jobs";
import type { SubscriptionSnapshot } from "../snapshot";
import { subscriptionPhase } from "../status-map";
import { formatMoney } from "../../../lib/plans";
import { recordInvoice } from "../record-invoice";
import { billingRecipientsWithLocale } from "../recipients";
import { idOf, invoiceFromStripe, isCount, isTime, unprocessable } from "./snapshot-from-stripe";
import { stripeProvider } from "./stripe-provider";
import { takeWebhookPlace } from "./stripe-places";

export type ProcessResult = "processed" | "duplicate" | "ignored";

type AnyObject = { customer?: string | { id: string } | null; metadata?: Record<string, string> | null; id?: string };

function subscriptionIdOf(event: Stripe.Event): string | null {
  const object = event.data.object as unknown as Record<string, unknown>;
  if (event.type.startsWith("customer.subscription.")) return typeof object.id === "string" ? object.id : null;
  if (event.type === "checkout.session.completed") return idOf(object.subscription as string | null);
  if (event.type.startsWith("invoice.")) {
    const invoice = event.data.object as Stripe.Invoice;
    // Where API versions before 2025-03-31 put it (a webhook endpoint keeps the version it was
    // created with): the invoice's own `subscription`.
    const legacy = (invoice as unknown as { subscription?: string | { id: string } | null }).subscription ?? null;
    return idOf(invoice.parent?.subscription_details?.subscription ?? legacy);
  }
  return null;
}

// Only the customer Atrium created for the tenant (stored before any checkout) identifies it.
// client_reference_id and metadata are not trusted: Payment Links let anyone set them.
async function tenantIdOf(event: Stripe.Event): Promise<string | null> {
  const object = event.data.object as unknown as AnyObject;
  const customerId = idOf(object.customer ?? null);
  return typeof customerId === "string" ? findTenantByBillingCustomer(customerId) : null;
}

async function alreadyProcessed(eventId: string): Promise<boolean> {
  const rows = await getDb().select({ id: billingEvents.eventId }).from(billingEvents).where(eq(billingEvents.eventId, eventId));
  return rows.length > 0;
}

/**
 * Processes one verified event exactly once. Under the workspace lock, the event id is recorded
 * first (a concurrent duplicate waits, then finds it and stops without calling Stripe), then the
 * subscription is read fresh from Stripe and applied in the same transaction: reads and writes
 * of one workspace are serialised, so the newest read is always the one that lands last.
 */
export async function processStripeEvent(event: Stripe.Event, meta: RequestMeta, options: { waitMs?: number; jobsWaitMs?: number } = {}): Promise<ProcessResult> {
  const tenantId = await tenantIdOf(event);
  if (!tenantId) {
    // Not ours (another integration on the account, or a purged workspace): acknowledge, keep nothing.
    logger.info("stripe event ignored: unknown customer", { eventId: event.id, type: event.type });
    return "ignored";
  }
  // Redeliveries are answered from the database, without a call to Stripe.
  if (await alreadyProcessed(event.id)) return "duplicate";
  // Only a few events at once hold a connection while they wait on Stripe (webhook-places.ts).
  const release = await takeWebhookPlace(options.waitMs);
  let result: ProcessResult;
  try {
    result = await withTenant(tenantId, async (tx) => {
      await lockTenantOrThrow(tx, tenantId);
      const fresh = await tx.insert(billingEvents).values({ eventId: event.id, type: event.type }).onConflictDoNothing().returning();
      if (!fresh.length) return "duplicate";
      const subscriptionId = subscriptionIdOf(event);
      if (subscriptionId) {
        const snapshot = await stripeProvider.readSubscription(tx, tenantId, subscriptionId);
        if (!snapshot) {
          logger.warn("stripe event ignored: subscription not found at Stripe", { eventId: event.id, type: event.type, subscriptionId });
          return "ignored";
        }
        await applySubscriptionSnapshot(tx, { tenantId, snapshot, meta, readCurrent: (id) => stripeProvider.readSubscription(tx, tenantId, id) });
        await applyEventEffects(tx, tenantId, event, snapshot, meta);
      } else await applyEventEffects(tx, tenantId, event, null, meta);
      return "processed";
    });
  } catch (error) {
    // A purged tenant, or a subscription of another customer: acknowledge, change nothing.
    if (isAppError(error) && (error.code === "NOT_FOUND" || error.code === "CONFLICT")) {
      logger.warn("stripe event ignored", { eventId: event.id, type: event.type, reason: error.message });
      return "ignored";
    }
    throw error;
  } finally {
    release();
  }
  // The jobs this event queued (a duplicate to cancel, a subscription to end) run now rather than at
  // the next sweep, but Stripe's answer waits for them only a moment: a job's own Stripe call may
  // take seconds when Stripe is slow, and a late answer makes Stripe count the delivery as failed
  // and send it again. What is still running finishes after the answer (and stays queued if not).
  if (result === "processed") await withinMs(runBillingJobsSoon(tenantId), options.jobsWaitMs ?? JOBS_ANSWER_WAIT_MS);
  return result;
}

/** How long a webhook's answer waits for the billing jobs its event queued. */
export const JOBS_ANSWER_WAIT_MS = 2_000;

function withinMs(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
    timer.unref?.();
  });
  return Promise.race([work, waited]).finally(() => clearTimeout(timer));
}

/**
 * Whether a reminder about this subscription still says something true when it is processed
 * (events arrive late, after an outage, or replayed): it is the workspace's current subscription
 * (not a duplicate being refunded, not one replaced since), the workspace is not deleted, and the
 * moment the reminder announces has not passed.
 */
async function reminderStillTrue(tx: Transaction, tenantId: string, snapshot: SubscriptionSnapshot | null, at: Date): Promise<boolean> {
  if (!snapshot || at.getTime() <= Date.now() || subscriptionPhase(snapshot.status) === "dead") return false;
  const [row] = await tx
    .select({ subscriptionId: subscriptions.subscriptionId, deletedAt: tenants.deletedAt })
    .from(tenants)
    .leftJoin(subscriptions, eq(subscriptions.tenantId, tenants.id))
    .where(eq(tenants.id, tenantId));
  return row?.subscriptionId === snapshot.subscriptionId && !row.deletedAt;
}

async function applyEventEffects(tx: Transaction, tenantId: string, event: Stripe.Event, snapshot: SubscriptionSnapshot | null, meta: RequestMeta): Promise<void> {
  const subscriptionId = snapshot?.subscriptionId ?? null;
  switch (event.type) {
    case "invoice.paid":
      await recordInvoice(tx, { tenantId, invoice: invoiceFromStripe(event.data.object, false), meta });
      break;
    case "invoice.payment_failed":
      await recordInvoice(tx, { tenantId, invoice: invoiceFromStripe(event.data.object, true), meta });
      break;
    case "customer.subscription.trial_will_end": {
      const sub = event.data.object;
      if (!isTime(sub.trial_end)) throw unprocessable("trial end");
      // The date Stripe holds now (the trial may have been ended or extended since the event),
      // and only while that subscription is still trialing.
      const endsAt = snapshot?.status === "trialing" && snapshot.trialEnd ? snapshot.trialEnd : null;
      if (!endsAt || !(await reminderStillTrue(tx, tenantId, snapshot, endsAt))) {
        logger.info("stripe trial reminder skipped: no longer true", { eventId: event.id, subscriptionId });
        break;
      }
      const recipients = await billingRecipientsWithLocale(tx, tenantId);
      await enqueueEmails(
        tx,
        emailsPerLocale(
          recipients,
          (t, locale) => {
            return { subject: t("billing.trialWillEndSubject"), text: t("billing.trialWillEndText", { date: emailDateTime(endsAt, locale) }) };
          },
          (to) => `trial-will-end:${sub.id}:${Math.floor(endsAt.getTime() / 1000)}:${to}`,
        ),
      );
      break;
    }
    case "invoice.upcoming": {
      const invoice = event.data.object;
      const chargeTime = invoice.next_payment_attempt ?? invoice.period_end;
      if (!isTime(chargeTime)) throw unprocessable("next payment date");
      if (!isCount(invoice.amount_due) || typeof invoice.currency !== "string" || !/^[a-z]{3}$/.test(invoice.currency)) throw unprocessable("invoice amount");
      const chargedAt = new Date(chargeTime * 1000);
      // Late (a charge already made), or about a subscription set to end or replaced since: no email.
      if (snapshot?.cancelAtPeriodEnd || !(await reminderStillTrue(tx, tenantId, snapshot, chargedAt))) {
        logger.info("stripe upcoming-invoice reminder skipped: no longer true", { eventId: event.id, subscriptionId });
        break;
      }
      const recipients = await billingRecipientsWithLocale(tx, tenantId);
      await enqueueEmails(
        tx,
        emailsPerLocale(
          recipients,
          (t, locale) => {
            const amount = formatMoney(invoice.amount_due, invoice.currency, { locale });
            return { subject: t("billing.upcomingInvoiceSubject", { amount }), text: t("billing.upcomingInvoiceText", { amount, date: emailDateTime(chargedAt, locale) }) };
          },
          (to) => `invoice-upcoming:${subscriptionId}:${invoice.period_end}:${to}`,
        ),
      );
      break;
    }
  }
}
