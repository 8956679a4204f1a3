import type { RevenueAggregates } from "./revenue-aggregates";

export type TrialConversion = RevenueAggregates["trials"] & {
  /** Converted over decided (trials that converted or ran out); null until one is decided. */
  rate: number | null;
  /** Trials still running, not yet counted either way. */
  running: number;
};

/** Trial-to-paid conversion of the workspaces that started in the window. */
export function computeTrialConversion(trials: RevenueAggregates["trials"]): TrialConversion {
  const decided = Math.max(trials.decided, trials.converted);
  return {
    ...trials,
    decided,
    running: Math.max(0, trials.started - decided),
    rate: decided > 0 ? trials.converted / decided : null,
  };
}
