import { isPlanId, PLANS, priceCents, type BillingInterval, type Currency, type PlanId } from "../../../lib/plans";

export function addInterval(from: Date, interval: BillingInterval): Date {
  const next = new Date(from);
  if (interval === "year") next.setUTCFullYear(next.getUTCFullYear() + 1);
  else next.setUTCMonth(next.getUTCMonth() + 1);
  return next;
}

export function subtractInterval(from: Date, interval: BillingInterval): Date {
  const previous = new Date(from);
  if (interval === "year") previous.setUTCFullYear(previous.getUTCFullYear() - 1);
  else previous.setUTCMonth(previous.getUTCMonth() - 1);
  return previous;
}

export type Proration = {
  /** What to charge now (after the credit), in minor units; 0 when the credit covers it. */
  due: number;
  /** The credit left afterwards. */
  credit: number;
  /** The period's end after the change: a new billing interval starts a new period now. */
  periodEnd: Date;
};

/**
 * A plan change in the offline provider, priced as Stripe prorates one: the unused part of the
 * period already paid (at the old price) is credited, the new plan is charged for the rest of the
 * period (same interval) or for a whole new period starting now (another interval), and the credit
 * the workspace already holds pays first. What the credit does not use stays for the next charge.
 */
export function prorate(options: {
  from: { planId: string; interval: BillingInterval };
  to: { planId: PlanId; interval: BillingInterval };
  periodEnd: Date;
  credit: number;
  currency: Currency;
  now: Date;
}): Proration {
  const { from, to, now } = options;
  const oldPrice = isPlanId(from.planId) ? (priceCents(PLANS[from.planId], from.interval, options.currency) ?? 0) : 0;
  const newPrice = priceCents(PLANS[to.planId], to.interval, options.currency) ?? 0;
  const start = subtractInterval(options.periodEnd, from.interval);
  const span = options.periodEnd.getTime() - start.getTime();
  const remaining = span > 0 ? Math.max(0, Math.min(1, (options.periodEnd.getTime() - now.getTime()) / span)) : 0;
  const unused = Math.round(oldPrice * remaining);
  const sameInterval = from.interval === to.interval;
  const periodEnd = sameInterval ? options.periodEnd : addInterval(now, to.interval);
  const charge = (sameInterval ? Math.round(newPrice * remaining) : newPrice) - unused;
  const balance = charge - options.credit;
  return balance > 0 ? { due: balance, credit: 0, periodEnd } : { due: 0, credit: -balance, periodEnd };
}
