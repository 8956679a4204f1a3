import { computeArpa } from "./compute-arpa";
import { computeChurnRates, type ChurnRates } from "./compute-churn-rates";
import { computePlanMix, type PlanMixEntry } from "./compute-plan-mix";
import { computeTrialConversion, type TrialConversion } from "./compute-trial-conversion";
import type { RevenueAggregates, RevenueMonth } from "./revenue-aggregates";

export type RevenueMonthSummary = RevenueMonth &
  ChurnRates & {
    /** new + expansion + reactivation + contraction + churn = closing - opening MRR. */
    netNewCents: number;
    arpaCents: number | null;
  };

export type RevenueSummary = {
  mrrCents: number;
  arrCents: number;
  payingAccounts: number;
  arpaCents: number | null;
  /** Workspaces by lifecycle status (deleted ones left out). */
  counts: { active: number; trialing: number; pastDue: number; suspended: number; cancelled: number; total: number };
  trialConversion: TrialConversion;
  planMix: PlanMixEntry[];
  months: RevenueMonthSummary[];
  /** The last full month's rates (the current month is still running), else the current one's. */
  latestRates: ChurnRates & { month: string | null };
  /** Nothing has ever been billed: the page shows its empty state. */
  hasRevenue: boolean;
};

/** Every figure of the revenue page, from the aggregates the operator read returns. */
export function summarizeRevenue(aggregates: RevenueAggregates): RevenueSummary {
  const months = aggregates.months.map((month): RevenueMonthSummary => {
    const netNewCents = month.newCents + month.expansionCents + month.reactivationCents + month.contractionCents + month.churnCents;
    return { ...month, ...computeChurnRates(month), netNewCents, arpaCents: computeArpa({ mrrCents: month.closingMrrCents, payingAccounts: month.closingPaying }) };
  });
  const current = months.at(-1);
  const mrrCents = current?.closingMrrCents ?? 0;
  const payingAccounts = current?.closingPaying ?? 0;
  const statusCount = (status: string) => aggregates.statuses.find((s) => s.status === status)?.count ?? 0;
  const rateMonth = months.length > 1 ? months.at(-2)! : current;
  const moved = (m: RevenueMonth) => m.newCents || m.expansionCents || m.contractionCents || m.churnCents || m.reactivationCents;
  return {
    mrrCents,
    arrCents: mrrCents * 12,
    payingAccounts,
    arpaCents: computeArpa({ mrrCents, payingAccounts }),
    counts: {
      active: statusCount("active"),
      trialing: statusCount("trialing"),
      pastDue: statusCount("past_due"),
      suspended: statusCount("suspended"),
      cancelled: statusCount("cancelled"),
      total: aggregates.statuses.reduce((sum, s) => sum + s.count, 0),
    },
    trialConversion: computeTrialConversion(aggregates.trials),
    planMix: computePlanMix(aggregates.plans),
    months,
    latestRates: rateMonth
      ? { month: rateMonth.month, logoChurnRate: rateMonth.logoChurnRate, grossRevenueChurnRate: rateMonth.grossRevenueChurnRate, netRevenueChurnRate: rateMonth.netRevenueChurnRate }
      : { month: null, logoChurnRate: null, grossRevenueChurnRate: null, netRevenueChurnRate: null },
    hasRevenue: months.some((m) => m.openingMrrCents > 0 || m.closingMrrCents > 0 || moved(m)),
  };
}
