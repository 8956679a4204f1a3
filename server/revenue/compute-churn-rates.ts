import type { RevenueMonth } from "./revenue-aggregates";

export type ChurnRates = {
  /** Paying accounts lost in the month over those paying at its start. */
  logoChurnRate: number | null;
  /** MRR lost to churn and contraction over the MRR at the start of the month. */
  grossRevenueChurnRate: number | null;
  /** The same, less expansion: negative when existing accounts grew more than they shrank. */
  netRevenueChurnRate: number | null;
};

/**
 * A month's churn rates, measured against its opening figures. Accounts that start and leave
 * within the month count as churned but not in the opening base (so a month with no opening
 * base has no rate, rather than an infinite one). Reactivations are won-back business, like new
 * business, and do not offset churn.
 */
export function computeChurnRates(month: Pick<RevenueMonth, "churnedLogos" | "openingPaying" | "churnCents" | "contractionCents" | "expansionCents" | "openingMrrCents">): ChurnRates {
  // 0 - x, not -x: a month that lost nothing reports 0, not -0.
  const lostCents = 0 - (month.churnCents + month.contractionCents);
  return {
    logoChurnRate: month.openingPaying > 0 ? month.churnedLogos / month.openingPaying : null,
    grossRevenueChurnRate: month.openingMrrCents > 0 ? lostCents / month.openingMrrCents : null,
    netRevenueChurnRate: month.openingMrrCents > 0 ? (lostCents - month.expansionCents) / month.openingMrrCents : null,
  };
}
