import type { BillingInterval } from "../../../lib/plans";

export function addInterval(from: Date, interval: BillingInterval): Date {
  const next = new Date(from);
  if (interval === "year") next.setUTCFullYear(next.getUTCFullYear() + 1);
  else next.setUTCMonth(next.getUTCMonth() + 1);
  return next;
}
