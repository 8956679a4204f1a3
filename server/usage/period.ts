/**
 * The usage period that contains `now`, aligned to the tenant's billing cycle: monthly steps
 * from an anchor (the subscription's period end when there is one, else when the tenant was
 * created). Yearly plans still get monthly quotas on the same anchor day.
 */
export function usagePeriod(anchor: Date, now: Date, anchorDay?: number | null): { start: Date; end: Date } {
  let k = (now.getUTCFullYear() - anchor.getUTCFullYear()) * 12 + (now.getUTCMonth() - anchor.getUTCMonth());
  if (addMonths(anchor, k, anchorDay) > now) k--;
  else if (addMonths(anchor, k + 1, anchorDay) <= now) k++;
  return { start: addMonths(anchor, k, anchorDay), end: addMonths(anchor, k + 1, anchorDay) };
}

/**
 * Adds months from the anchor, clamping to the month's last day (Jan 31 + 1 month = Feb 28/29).
 * `anchorDay`: the day the cycle really renews on, when the anchor itself was clamped (a cycle on
 * the 31st ends on Feb 28; the period before it began on Jan 31, not Jan 28).
 */
export function addMonths(anchor: Date, months: number, anchorDay?: number | null): Date {
  const year = anchor.getUTCFullYear();
  const month = anchor.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(
    Date.UTC(year, month, Math.min(anchorDay ?? anchor.getUTCDate(), lastDay), anchor.getUTCHours(), anchor.getUTCMinutes(), anchor.getUTCSeconds(), anchor.getUTCMilliseconds()),
  );
}
