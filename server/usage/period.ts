/**
 * The usage period that contains `now`, aligned to the tenant's billing cycle: monthly steps
 * from an anchor (the subscription's period end when there is one, else when the tenant was
 * created). Yearly plans still get monthly quotas on the same anchor day.
 */
export function usagePeriod(anchor: Date, now: Date): { start: Date; end: Date } {
  let k = (now.getUTCFullYear() - anchor.getUTCFullYear()) * 12 + (now.getUTCMonth() - anchor.getUTCMonth());
  if (addMonths(anchor, k) > now) k--;
  else if (addMonths(anchor, k + 1) <= now) k++;
  return { start: addMonths(anchor, k), end: addMonths(anchor, k + 1) };
}

/** Adds months from the anchor, clamping to the month's last day (Jan 31 + 1 month = Feb 28/29). */
export function addMonths(anchor: Date, months: number): Date {
  const year = anchor.getUTCFullYear();
  const month = anchor.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(
    Date.UTC(year, month, Math.min(anchor.getUTCDate(), lastDay), anchor.getUTCHours(), anchor.getUTCMinutes(), anchor.getUTCSeconds(), anchor.getUTCMilliseconds()),
  );
}
