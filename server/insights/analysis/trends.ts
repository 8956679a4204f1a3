import { USAGE_METRICS, type UsageMetric } from "../../../lib/plans";
import { usagePeriod } from "../../usage/period";
import { round } from "./stats";
import { aggregate, WEEK_MS, type MetricKind, type Point, type Window } from "./series";

/**
 * A value against its baseline. `percent` is always a finite number: with a baseline of 0 it is
 * 0 when the value is 0 too, else +100 (or -100 for a negative value) with `fromZero` set, so a
 * page can say "new" instead of showing an infinite rise.
 */
export type Change = {
  current: number;
  previous: number;
  absolute: number;
  percent: number;
  fromZero: boolean;
};

export type Comparison = Change & { currentWindow: Window; previousWindow: Window };

export type MetricTrend = {
  metric: UsageMetric;
  kind: MetricKind;
  /** This period so far against the last period up to the same elapsed time. */
  periodToDate: Comparison;
  /** The last seven days against the seven before them. */
  weekOverWeek: Comparison;
};

export type TrendsInput = {
  /** Hourly (or daily) roll-ups per metric, covering at least the last period and this one. */
  series: Partial<Record<UsageMetric, readonly Point[]>>;
  /** The billing-cycle anchor (server/usage/quota.ts: the subscription's period end, or creation). */
  anchor: Date;
  /** The cycle's renewal day where known (the anchor may be clamped). */
  anchorDay?: number | null;
  now: Date;
};

export function change(current: number, previous: number): Change {
  const absolute = current - previous;
  if (previous === 0) return { current, previous, absolute, percent: current === 0 ? 0 : Math.sign(current) * 100, fromZero: current !== 0 };
  return { current, previous, absolute, percent: round((absolute / Math.abs(previous)) * 100, 1), fromZero: false };
}

function compare(points: readonly Point[], kind: MetricKind, currentWindow: Window, previousWindow: Window): Comparison {
  return { ...change(aggregate(points, currentWindow, kind), aggregate(points, previousWindow, kind)), currentWindow, previousWindow };
}

/**
 * The windows compared for "this period against the last": the current billing period up to
 * `now`, and the previous period up to the same elapsed time (capped at its end, since the
 * previous month may be shorter), so day 10 is compared with day 10.
 */
export function periodToDateWindows(anchor: Date, now: Date, anchorDay?: number | null): { current: Window; previous: Window } {
  const period = usagePeriod(anchor, now, anchorDay);
  const previousPeriod = usagePeriod(anchor, new Date(period.start.getTime() - 1), anchorDay);
  const elapsed = now.getTime() - period.start.getTime();
  const previousEnd = Math.min(previousPeriod.start.getTime() + elapsed, previousPeriod.end.getTime());
  return { current: { start: period.start, end: now }, previous: { start: previousPeriod.start, end: new Date(previousEnd) } };
}

/** Per metric present in `series`: period to date and week over week (sums for counters, peaks for gauges). */
export function computeTrends({ series, anchor, anchorDay, now }: TrendsInput): MetricTrend[] {
  const windows = periodToDateWindows(anchor, now, anchorDay);
  const lastWeek: Window = { start: new Date(now.getTime() - WEEK_MS), end: now };
  const weekBefore: Window = { start: new Date(now.getTime() - 2 * WEEK_MS), end: lastWeek.start };
  return (Object.keys(USAGE_METRICS) as UsageMetric[]).flatMap((metric) => {
    const points = series[metric];
    if (!points) return [];
    const kind = USAGE_METRICS[metric].kind;
    return [{ metric, kind, periodToDate: compare(points, kind, windows.current, windows.previous), weekOverWeek: compare(points, kind, lastWeek, weekBefore) }];
  });
}
