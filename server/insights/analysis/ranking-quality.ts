/**
 * How well a ranking finds the positives in its top share: precision (positives among the top)
 * and recall (share of all positives that made the top). The top share is taken by position,
 * so ties are broken by the order given.
 */
export type RankedOutcome = { score: number; positive: boolean };

export function precisionRecallAtTop(ranked: readonly RankedOutcome[], share = 0.1): { precision: number; recall: number; top: number } {
  const sorted = ranked.map((r, i) => ({ ...r, i })).sort((a, b) => b.score - a.score || a.i - b.i);
  const top = Math.max(1, Math.round(sorted.length * share));
  const hits = sorted.slice(0, top).filter((r) => r.positive).length;
  const positives = sorted.filter((r) => r.positive).length;
  return { precision: hits / top, recall: positives === 0 ? 0 : hits / positives, top };
}
