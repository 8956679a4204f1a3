import type { MrrMovementKind } from "../db/schema/mrr-movements";

export type ClassifyMrrMovementOptions = {
  fromCents: number;
  toCents: number;
  /** Whether the workspace has paid at any earlier point (so coming back is a reactivation). */
  paidBefore: boolean;
};

/**
 * The kind of a change in one workspace's MRR, or null when nothing moved:
 * 0 -> x is new business (or a reactivation if it paid before), x -> 0 churn, and a change
 * between two paid amounts expansion or contraction, whatever caused it (plan, interval,
 * quantity or discount).
 */
export function classifyMrrMovement({ fromCents, toCents, paidBefore }: ClassifyMrrMovementOptions): MrrMovementKind | null {
  if (fromCents === toCents) return null;
  if (fromCents === 0) return paidBefore ? "reactivation" : "new";
  if (toCents === 0) return "churn";
  return toCents > fromCents ? "expansion" : "contraction";
}
