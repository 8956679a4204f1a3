/** Average revenue per paying account per month, in cents; null when nobody pays. */
export function computeArpa({ mrrCents, payingAccounts }: { mrrCents: number; payingAccounts: number }): number | null {
  if (payingAccounts <= 0) return null;
  return Math.round(mrrCents / payingAccounts);
}
