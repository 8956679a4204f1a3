import type Stripe from "stripe";
import { isPlanId, parseLookupKey, type BillingInterval, type PlanId } from "../../../lib/plans";
import type { RecurringDiscount } from "../../revenue/monthly-recurring-cents";
import type { InvoiceSnapshot, SubscriptionSnapshot } from "../snapshot";
import { isProviderStatus } from "../status-map";
import { AppError } from "../../errors";
import { unstorableTextProblem } from "../../../lib/text";

function idOf(value: string | { id: string } | null | undefined): string | null {
  if (!value) return null;
  return typeof value === "string" ? value : value.id;
}

const dateOf = (seconds: number | null | undefined) => (seconds ? new Date(seconds * 1000) : null);

/**
 * The plan and interval a price stands for. By its lookup key, or else by the plan in its metadata
 * and its own interval: `npm run stripe:sync` moves the key to a new price when an amount changes,
 * and the subscribers still paying the old price keep their plan (their revenue is no churn).
 */
function planOfPrice(price: Stripe.Price | undefined): { planId: PlanId; interval: BillingInterval } | null {
  if (!price) return null;
  const byKey = parseLookupKey(price.lookup_key);
  if (byKey) return byKey;
  const planId = price.metadata?.planId;
  const given = price.recurring?.interval;
  const interval: BillingInterval | null = given === "month" ? "month" : given === "year" ? "year" : null;
  if (!isPlanId(planId) || !interval) return null;
  return { planId, interval };
}

export function snapshotFromStripe(subscription: Stripe.Subscription, asOf: Date): SubscriptionSnapshot {
  const item = subscription.items.data[0];
  const plan = planOfPrice(item?.price);
  if (!isProviderStatus(subscription.status)) throw new Error(`unknown subscription status ${subscription.status}`);
  return {
    provider: "stripe",
    customerId: idOf(subscription.customer)!,
    subscriptionId: subscription.id,
    status: subscription.status,
    planId: plan?.planId ?? null,
    interval: plan?.interval ?? null,
    currentPeriodEnd: dateOf(item?.current_period_end),
    cancelAtPeriodEnd: subscription.cancel_at_period_end,
    trialEnd: dateOf(subscription.trial_end),
    startedAt: dateOf(subscription.created),
    asOf,
    pricing: item ? { unitAmountCents: item.price.unit_amount ?? null, currency: item.price.currency ?? null, quantity: item.quantity ?? 1, discount: recurringDiscountOf(subscription.discounts) } : null,
  };
}

/**
 * The subscription's discount that recurs on every invoice, when Stripe sent it expanded (a
 * discount id alone says nothing about its size). A `once` coupon only touches the first invoice.
 */
function recurringDiscountOf(discounts: Array<string | Stripe.Discount> | null | undefined): RecurringDiscount | null {
  for (const discount of discounts ?? []) {
    if (typeof discount === "string") continue;
    const coupon = discount.source?.coupon;
    if (!coupon || typeof coupon === "string" || coupon.duration === "once") continue;
    return { percentOff: coupon.percent_off ?? null, amountOffCents: coupon.amount_off ?? null };
  }
  return null;
}

/** A signed event whose fields cannot be what Stripe sends: no retry can make it processable. */
export function unprocessable(what: string): AppError {
  return new AppError("BAD_REQUEST", `The event's ${what} is missing or not valid.`, { reason: "unprocessable_event" });
}

export const isCount = (value: unknown): value is number => typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
export const isTime = (value: unknown): value is number => isCount(value) && value < 253_402_300_800; // before year 10000
const isPlainText = (value: unknown, max: number) => typeof value === "string" && value.length > 0 && value.length <= max && unstorableTextProblem(value) === null;

export function invoiceFromStripe(invoice: Stripe.Invoice, failed: boolean): InvoiceSnapshot {
  if (!isPlainText(invoice.id, 255)) throw unprocessable("invoice id");
  if (!isCount(failed ? invoice.amount_due : invoice.amount_paid)) throw unprocessable("invoice amount");
  if (typeof invoice.currency !== "string" || !/^[a-z]{3}$/.test(invoice.currency)) throw unprocessable("invoice currency");
  if (invoice.number != null && !isPlainText(invoice.number, 255)) throw unprocessable("invoice number");
  if (invoice.period_end != null && !isTime(invoice.period_end)) throw unprocessable("invoice period end");
  const known: InvoiceSnapshot["status"][] = ["paid", "open", "void", "draft", "uncollectible"];
  const reported = known.find((s) => s === invoice.status) ?? "open";
  return {
    id: invoice.id!,
    number: invoice.number ?? null,
    status: failed ? "failed" : reported,
    amountCents: failed ? invoice.amount_due : invoice.amount_paid,
    currency: invoice.currency,
    periodEnd: invoice.period_end ? new Date(invoice.period_end * 1000) : null,
    hostedUrl: invoice.hosted_invoice_url ?? null,
    pdfUrl: invoice.invoice_pdf ?? null,
    attempt: invoice.attempt_count ?? 1,
  };
}

export { idOf };
