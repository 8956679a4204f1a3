import { isPlanId, PLANS, priceCents, type BillingInterval, type Currency, type PlanId } from "../../../lib/plans";

/**
 * Moves a period boundary by one interval the way Stripe's billing cycle anchor does: the day of
 * the month stays the anchor's, clamped to the month's last day (an anchor on the 31st renews on
 * Feb 28, then on Mar 31), where plain Date arithmetic overflows (Jan 31 + 1 month is Mar 3).
 * `anchorDay` is the day the subscription's periods started on (drizzle/0052); without it, the
 * boundary's own day is taken.
 */
function shiftInterval(from: Date, interval: BillingInterval, months: number, anchorDay: number | null | undefined): Date {
  const step = interval === "year" ? months * 12 : months;
  const target = new Date(from);
  target.setUTCDate(1);
  target.setUTCMonth(target.getUTCMonth() + step);
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(anchorDay ?? from.getUTCDate(), lastDay));
  return target;
}

export function addInterval(from: Date, interval: BillingInterval, anchorDay?: number | null): Date {
  return shiftInterval(from, interval, 1, anchorDay);
}

export function subtractInterval(from: Date, interval: BillingInterval, anchorDay?: number | null): Date {
  return shiftInterval(from, interval, -1, anchorDay);
}

export type Proration = {
  /** What to charge now (after the credit), in minor units; 0 when the credit covers it. */
  due: number;
  /** The credit left afterwards. */
  credit: number;
  /** The period's end after the change: a new billing interval starts a new period now. */
  periodEnd: Date;
  /** The day the periods are anchored on after the change (a new period anchors on today). */
  anchorDay: number | null;
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
  /** The day of the month the current periods are anchored on (drizzle/0052). */
  anchorDay?: number | null;
  credit: number;
  currency: Currency;
  now: Date;
}): Proration {
  const { from, to, now } = options;
  const oldPrice = isPlanId(from.planId) ? (priceCents(PLANS[from.planId], from.interval, options.currency) ?? 0) : 0;
  const newPrice = priceCents(PLANS[to.planId], to.interval, options.currency) ?? 0;
  const start = subtractInterval(options.periodEnd, from.interval, options.anchorDay);
  const span = options.periodEnd.getTime() - start.getTime();
  const remaining = span > 0 ? Math.max(0, Math.min(1, (options.periodEnd.getTime() - now.getTime()) / span)) : 0;
  const unused = Math.round(oldPrice * remaining);
  const sameInterval = from.interval === to.interval;
  const periodEnd = sameInterval ? options.periodEnd : addInterval(now, to.interval);
  const charge = (sameInterval ? Math.round(newPrice * remaining) : newPrice) - unused;
  const balance = charge - options.credit;
  const anchorDay = sameInterval ? (options.anchorDay ?? null) : now.getUTCDate();
  return balance > 0 ? { due: balance, credit: 0, periodEnd, anchorDay } : { due: 0, credit: -balance, periodEnd, anchorDay };
}
