import { meanAbsoluteDeviation, median, medianAbsoluteDeviation, round } from "./stats";
import { HOUR_MS, hourStart, WEEK_MS, type MetricKind, type Point } from "./series";

/**
 * Anomalies in hourly roll-ups, by a robust hour-of-week baseline.
 *
 * Each complete hour in the evaluated window is compared with the same hour of the week in up to
 * BASELINE_WEEKS earlier weeks (Monday 09:00 with earlier Mondays 09:00, so a normal weekly
 * rhythm is its own baseline). Expected value = the median of those hours; spread = the median
 * absolute deviation scaled by 1.4826 (the standard deviation of normal data). Modified z-score
 * = (value - median) / spread (Iglewicz & Hoaglin); an hour is anomalous at |z| >= 3.5.
 *
 * The spread has floors, so a flat baseline (MAD 0) does not turn every small wiggle into an
 * anomaly: 1.2533 x the mean absolute deviation (Iglewicz & Hoaglin's fallback), and for counters
 * the Poisson noise of a count of that size, sqrt(max(median, 1)); for gauges 1 % of the median.
 *
 * Sparse series are not judged: an hour needs MIN_BASELINE_WEEKS earlier weeks of history, and
 * a series needs MIN_ACTIVE_HOURS non-zero hours before the window. Counters are zero-filled from
 * their first roll-up (an hour without one had no usage), up to `through`, where roll-ups end.
 */
export const MAD_SCALE = 1.4826;
export const MEAN_AD_SCALE = 1.2533;
export const Z_THRESHOLD = 3.5;
export const BASELINE_WEEKS = 8;
export const MIN_BASELINE_WEEKS = 4;
export const MIN_ACTIVE_HOURS = 24;

export type Anomaly = {
  /** Start of the hour. */
  at: Date;
  value: number;
  /** The hour-of-week median. */
  expected: number;
  /** The modified z-score's magnitude. */
  score: number;
  direction: "spike" | "drop";
  /** How many earlier weeks the baseline had. */
  baselineWeeks: number;
};

export type AnomalyInput = {
  /** Hourly roll-ups (bucket starts); counters are zero-filled from the first point on. */
  points: readonly Point[];
  kind: MetricKind;
  now: Date;
  /** Start of the evaluated window; default the last seven days. Earlier points are history only. */
  from?: Date;
  /**
   * Roll-ups are complete before this time (the roll-up job's progress); default `now`. Hours
   * after it are not judged, so an hour not yet rolled up is not taken for an outage.
   */
  through?: Date;
  threshold?: number;
};

/** Hour start -> value; counters add duplicate buckets, gauges keep the peak. */
function byHour(points: readonly Point[], kind: MetricKind): Map<number, number> {
  const hours = new Map<number, number>();
  for (const p of points) {
    const h = hourStart(p.at);
    const prev = hours.get(h);
    hours.set(h, prev === undefined ? p.value : kind === "gauge" ? Math.max(prev, p.value) : prev + p.value);
  }
  return hours;
}

function spread(baseline: readonly number[], kind: MetricKind): number {
  const m = median(baseline);
  const floor = kind === "counter" ? Math.sqrt(Math.max(m, 1)) : Math.max(0.01 * Math.abs(m), 0.01);
  return Math.max(MAD_SCALE * medianAbsoluteDeviation(baseline), MEAN_AD_SCALE * meanAbsoluteDeviation(baseline), floor);
}

export function findAnomalies({ points, kind, now, from = new Date(now.getTime() - WEEK_MS), through = now, threshold = Z_THRESHOLD }: AnomalyInput): Anomaly[] {
  if (points.length === 0) return [];
  const hours = byHour(points, kind);
  let first = Infinity;
  for (const h of hours.keys()) first = Math.min(first, h);
  // Counters are zero-filled from the first bucket: an hour without a roll-up had no usage.
  const valueAt = (h: number): number | undefined => (h < first ? undefined : (hours.get(h) ?? (kind === "counter" ? 0 : undefined)));

  const windowStart = Math.max(hourStart(from), first);
  let activeBefore = 0;
  for (const [h, v] of hours) if (h < windowStart && v !== 0) activeBefore++;
  if (activeBefore < MIN_ACTIVE_HOURS) return [];

  const anomalies: Anomaly[] = [];
  // Only complete hours: the hour in progress is still filling up.
  const end = Math.min(now.getTime(), through.getTime());
  for (let h = windowStart; h + HOUR_MS <= end; h += HOUR_MS) {
    const value = valueAt(h);
    if (value === undefined) continue;
    const baseline: number[] = [];
    for (let k = 1; k <= BASELINE_WEEKS; k++) {
      const v = valueAt(h - k * WEEK_MS);
      if (v !== undefined) baseline.push(v);
    }
    if (baseline.length < MIN_BASELINE_WEEKS) continue;
    const expected = median(baseline);
    const z = (value - expected) / spread(baseline, kind);
    if (Math.abs(z) >= threshold) {
      anomalies.push({ at: new Date(h), value, expected: round(expected), score: round(Math.abs(z)), direction: z > 0 ? "spike" : "drop", baselineWeeks: baseline.length });
    }
  }
  return anomalies;
}
