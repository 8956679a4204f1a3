import { isPlanId, PLANS, priceCents, type BillingInterval } from "../../lib/plans";

/**
 * A discount that recurs on every invoice. Stripe's `once` coupons only touch the first invoice,
 * so they never lower the run rate and are left out here (the caller passes null for them).
 */
export type RecurringDiscount = { percentOff: number | null; amountOffCents: number | null };

export type MonthlyRecurringCentsOptions = {
  status: string | null;
  planId: string | null;
  interval: BillingInterval | string | null;
  /** The price per interval as the provider bills it (Stripe's unit amount); the catalog price otherwise. */
  unitAmountCents?: number | null;
  /** The unit amount's currency (Stripe's price currency); dollars when absent. */
  currency?: string | null;
  quantity?: number | null;
  discount?: RecurringDiscount | null;
};

/** The statuses whose subscription is billed: a trial is not revenue yet, unpaid/paused no longer are. */
const BILLED = new Set(["active", "past_due"]);

/**
 * What one subscription contributes to monthly recurring revenue, in cents: the price per
 * interval times the quantity, less a recurring discount (per invoice, so applied before
 * normalising), a yearly amount divided by 12. Proration and one-off charges are never part of it.
 */
export function monthlyRecurringCents(options: MonthlyRecurringCentsOptions): number {
  if (!options.status || !BILLED.has(options.status)) return 0;
  if (options.interval !== "month" && options.interval !== "year") return 0;
  const catalogPrice = isPlanId(options.planId) ? priceCents(PLANS[options.planId], options.interval) : null;
  const unit = options.unitAmountCents ?? catalogPrice;
  if (unit === null || unit === undefined || unit <= 0) return 0;
  const quantity = Math.max(1, Math.floor(options.quantity ?? 1));
  // In the currency billed: a coupon's amount off is in it too.
  let perInterval = unit * quantity;
  const discount = options.discount;
  if (discount?.percentOff) perInterval -= (perInterval * Math.min(100, Math.max(0, discount.percentOff))) / 100;
  if (discount?.amountOffCents) perInterval -= Math.max(0, discount.amountOffCents);
  perInterval = Math.max(0, perInterval);
  // Revenue is reported in dollars. A euro amount counts at its plan's dollar list price, in
  // proportion (a discounted euro price stays discounted): a fixed catalogue ratio, not a daily
  // rate. A plan with no list price (Custom) uses Pro's ratio.
  if (options.unitAmountCents != null && options.currency === "eur") {
    const euroList = isPlanId(options.planId) ? priceCents(PLANS[options.planId], options.interval, "eur") : null;
    perInterval = catalogPrice && euroList ? (perInterval * catalogPrice) / euroList : (perInterval * PLANS.pro.monthlyCents!) / PLANS.pro.monthlyEurCents!;
  }
  return Math.round(options.interval === "year" ? perInterval / 12 : perInterval);
}
