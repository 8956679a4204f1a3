// When a failed webhook delivery is tried again: after the n-th failed attempt, wait
// RETRY_DELAYS_MS[n - 1] (± 20 % jitter, so endpoints that failed together do not all retry in the
// same second). Ten attempts over about three days:
//   now, +5 s, +5 min, +30 min, +2 h, +5 h, +10 h, +14 h, +20 h, +20 h  (≈ 71.6 h in all)
// then the delivery is `failed` (it can still be resent from the log).
export const RETRY_DELAYS_MS = [5_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000, 5 * 3_600_000, 10 * 3_600_000, 14 * 3_600_000, 20 * 3_600_000, 20 * 3_600_000] as const;

export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

/** An endpoint whose deliveries have failed without a success for this long is disabled. */
export const DISABLE_AFTER_FAILING_MS = 3 * 86_400_000;

/** When to try again after `attempts` failed attempts, or null when none is left. */
export function nextAttemptAt(attempts: number, at: Date, random: () => number = Math.random): Date | null {
  const delay = RETRY_DELAYS_MS[attempts - 1];
  if (delay === undefined) return null;
  const jitter = 1 + (random() * 2 - 1) * 0.2;
  return new Date(at.getTime() + Math.round(delay * jitter));
}
