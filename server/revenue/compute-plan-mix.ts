import { isPlanId, PLANS } from "../../lib/plans";
import type { RevenueAggregates } from "./revenue-aggregates";

export type PlanMixEntry = {
  planId: string | null;
  interval: string | null;
  label: string;
  accounts: number;
  mrrCents: number;
  /** Share of all MRR, 0..1. */
  mrrShare: number;
  /** Share of paying accounts, 0..1. */
  accountShare: number;
};

/** Paying accounts and MRR per plan and interval, largest MRR first, with their shares. */
export function computePlanMix(plans: RevenueAggregates["plans"]): PlanMixEntry[] {
  const totalMrr = plans.reduce((sum, p) => sum + p.mrrCents, 0);
  const totalAccounts = plans.reduce((sum, p) => sum + p.accounts, 0);
  return plans
    .map((p) => {
      const name = isPlanId(p.planId) ? PLANS[p.planId].name : (p.planId ?? "Unknown plan");
      const interval = p.interval === "year" ? "yearly" : p.interval === "month" ? "monthly" : (p.interval ?? "");
      return {
        planId: p.planId,
        interval: p.interval,
        label: interval ? `${name} (${interval})` : name,
        accounts: p.accounts,
        mrrCents: p.mrrCents,
        mrrShare: totalMrr > 0 ? p.mrrCents / totalMrr : 0,
        accountShare: totalAccounts > 0 ? p.accounts / totalAccounts : 0,
      };
    })
    .sort((a, b) => b.mrrCents - a.mrrCents || a.label.localeCompare(b.label));
}
