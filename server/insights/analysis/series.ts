/** One observation of a metric: an hourly or daily roll-up bucket (its start) and its quantity. */
export type Point = { at: Date; value: number };

/** A half-open time window [start, end). */
export type Window = { start: Date; end: Date };

/** How a metric adds up over a window (lib/plans.ts USAGE_METRICS): counters sum, gauges peak. */
export type MetricKind = "counter" | "gauge";

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
export const WEEK_MS = 7 * DAY_MS;

export function inWindow(at: Date, window: Window): boolean {
  const t = at.getTime();
  return t >= window.start.getTime() && t < window.end.getTime();
}

/** The sum (counter) or the peak (gauge) of the points inside the window; 0 when there are none. */
export function aggregate(points: readonly Point[], window: Window, kind: MetricKind): number {
  let total = 0;
  for (const p of points) {
    if (!inWindow(p.at, window)) continue;
    total = kind === "gauge" ? Math.max(total, p.value) : total + p.value;
  }
  return total;
}

/** Start of the UTC hour containing `at`. */
export function hourStart(at: Date): number {
  return Math.floor(at.getTime() / HOUR_MS) * HOUR_MS;
}

/**
 * Hour of the week in UTC, 0 = Monday 00:00 to 167 = Sunday 23:00 (Jan 1 1970 was a Thursday,
 * hence the three-day shift).
 */
export function hourOfWeek(epochMs: number): number {
  const hours = Math.floor(epochMs / HOUR_MS);
  return (((hours + 72) % 168) + 168) % 168;
}

/** Day of the week in UTC, 0 = Monday to 6 = Sunday. */
export function dayOfWeek(epochMs: number): number {
  return Math.floor(hourOfWeek(epochMs) / 24);
}
