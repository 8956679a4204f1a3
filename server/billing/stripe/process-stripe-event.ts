import type Stripe from "stripe";
import type { RequestMeta } from "../../audit/record-audit-event";
import { findTenantByBillingCustomer } from "../../db/cross-tenant";
import { getDb } from "../../db/client";
import { withTenant } from "../../db/with-tenant";
import { billingEvents } from "../../db/schema";
import { enqueueEmails } from "../../email/enqueue-email";
import { isAppError } from "../../errors";
import { logger } from "../../logger";
import { applySubscriptionSnapshot } from "../apply-subscription-snapshot";
import { formatMoney } from "../catalog";
import { recordInvoice } from "../record-invoice";
import { billingRecipients } from "../recipients";
import { getStripe } from "./client";
import { idOf, invoiceFromStripe, snapshotFromStripe } from "./snapshot-from-stripe";

export type ProcessResult = "processed" | "duplicate" | "ignored";

type AnyObject = { customer?: string | { id: string } | null; metadata?: Record<string, string> | null; id?: string };

function subscriptionIdOf(event: Stripe.Event): string | null {
  const object = event.data.object as unknown as Record<string, unknown>;
  if (event.type.startsWith("customer.subscription.")) return object.id as string;
  if (event.type === "checkout.session.completed") return idOf(object.subscription as string | null);
  if (event.type.startsWith("invoice.")) {
    const invoice = event.data.object as Stripe.Invoice;
    return idOf(invoice.parent?.subscription_details?.subscription ?? null);
  }
  return null;
}

// Only the customer Atrium created for the tenant (stored before any checkout) identifies it.
// client_reference_id and metadata are not trusted: Payment Links let anyone set them.
async function tenantIdOf(event: Stripe.Event): Promise<string | null> {
  const object = event.data.object as unknown as AnyObject;
  const customerId = idOf(object.customer ?? null);
  return customerId ? findTenantByBillingCustomer(customerId) : null;
}

/**
 * Processes one verified event exactly once: the event id is recorded in the same transaction
 * as its effects, and subscription state always comes from a fresh read of the subscription,
 * so duplicates and out-of-order deliveries converge on the same final state.
 */
export async function processStripeEvent(event: Stripe.Event, meta: RequestMeta): Promise<ProcessResult> {
  const tenantId = await tenantIdOf(event);
  const subscriptionId = subscriptionIdOf(event);
  const snapshot = subscriptionId ? snapshotFromStripe(await getStripe().subscriptions.retrieve(subscriptionId), new Date()) : null;

  if (!tenantId) {
    await getDb().insert(billingEvents).values({ eventId: event.id, type: event.type }).onConflictDoNothing();
    return "ignored";
  }
  try {
    return await withTenant(tenantId, async (tx) => {
      const fresh = await tx.insert(billingEvents).values({ eventId: event.id, type: event.type }).onConflictDoNothing().returning();
      if (!fresh.length) return "duplicate";
      if (snapshot) await applySubscriptionSnapshot(tx, { tenantId, snapshot, meta });

      switch (event.type) {
        case "invoice.paid":
          await recordInvoice(tx, { tenantId, invoice: invoiceFromStripe(event.data.object, false), meta });
          break;
        case "invoice.payment_failed":
          await recordInvoice(tx, { tenantId, invoice: invoiceFromStripe(event.data.object, true), meta });
          break;
        case "customer.subscription.trial_will_end": {
          const sub = event.data.object;
          const recipients = await billingRecipients(tx);
          await enqueueEmails(
            tx,
            recipients.map((to) => ({
              to,
              subject: "Your trial ends soon",
              text: `Your trial ends on ${new Date((sub.trial_end ?? 0) * 1000).toUTCString()}. Add a payment method in Billing to keep going.`,
              dedupeKey: `trial-will-end:${sub.id}:${sub.trial_end}:${to}`,
            })),
          );
          break;
        }
        case "invoice.upcoming": {
          const invoice = event.data.object;
          const recipients = await billingRecipients(tx);
          await enqueueEmails(
            tx,
            recipients.map((to) => ({
              to,
              subject: `Upcoming invoice: ${formatMoney(invoice.amount_due, invoice.currency)}`,
              text: `Your next invoice of ${formatMoney(invoice.amount_due, invoice.currency)} will be charged on ${new Date((invoice.next_payment_attempt ?? invoice.period_end) * 1000).toUTCString()}.`,
              dedupeKey: `invoice-upcoming:${subscriptionId}:${invoice.period_end}:${to}`,
            })),
          );
          break;
        }
      }
      return "processed";
    });
  } catch (error) {
    // A deleted tenant, or a subscription of another customer: acknowledge, change nothing.
    if (isAppError(error) && (error.code === "NOT_FOUND" || error.code === "CONFLICT")) {
      logger.warn("stripe event ignored", { eventId: event.id, type: event.type, reason: error.message });
      return "ignored";
    }
    throw error;
  }
}
