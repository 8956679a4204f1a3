import { UNLIMITED, USAGE_METRICS, type Limit, type UsageMetric } from "../../../lib/plans";
import { WARNING_RATIO } from "../../../lib/quota-level";
import { DAY_MS, dayOfWeek, type MetricKind, type Point, type Window } from "./series";
import { round } from "./stats";

/**
 * When this period's usage of a limited metric reaches 80 % and 100 % of its limit.
 *
 * Counters (usage that adds up over the period): the series is cut into 24-hour days aligned to
 * the period start. A day-of-week profile s(d) (mean of each weekday / mean of the weekday means)
 * is estimated from the last HISTORY_DAYS complete days when there are at least two weeks of
 * them, else it is flat. The deseasonalised daily rate is r = sum(y) / sum(s) over the last
 * RATE_DAYS complete days, and day t is forecast as r * s(t) (the current day: its remaining
 * fraction). The interval is a 90 % band (z = 1.645) around the cumulative forecast, from the
 * standard deviation sigma of the daily residuals y - r * s: after h days the cumulative error
 * has variance sigma^2 * (h + h^2 / m) (day-to-day noise plus the uncertainty of a rate estimated
 * from m days). This suits short seasonal series: a handful of parameters, no trend to overfit.
 *
 * Gauges (a level, e.g. storage): a least-squares line through the daily peaks of the last
 * RATE_DAYS days, with the same 90 % band from its residuals.
 *
 * A threshold already passed is reported as reached, at the start of the hour in which the
 * usage got there. Dates are null when the threshold is not reached within the period (`low`
 * can still be set: the high-usage edge of the band gets there in time).
 */
export const FORECAST_RATIOS = [WARNING_RATIO, 1] as const;
export const HISTORY_DAYS = 28;
export const RATE_DAYS = 14;
export const MIN_HISTORY_DAYS = 3;
export const SEASONAL_MIN_DAYS = 14;
export const INTERVAL_Z = 1.645;

export type ThresholdForecast = {
  ratio: number;
  /** The threshold in the metric's units (ratio x limit). */
  units: number;
  reached: boolean;
  /** When it was reached, or when it is expected; null when not within the period. */
  at: Date | null;
  /** Earliest plausible date (the upper edge of the band crosses). */
  low: Date | null;
  /** Latest plausible date (the lower edge crosses); null when that edge stays below within the period. */
  high: Date | null;
};

export type QuotaForecast = {
  metric: UsageMetric;
  kind: MetricKind;
  limit: number;
  used: number;
  /** Expected usage at the end of the period, with its 90 % band. */
  projected: { expected: number; low: number; high: number };
  /** Counters: the deseasonalised daily rate; gauges: the daily slope. */
  dailyRate: number;
  /** Day-of-week factors, Monday first (all 1 when flat). */
  seasonal: number[];
  /** Fewer than MIN_HISTORY_DAYS complete days: only thresholds already reached are reported. */
  insufficientHistory: boolean;
  /** Nothing recorded in the whole history: the forecast is zero, not short of history. */
  unused: boolean;
  thresholds: ThresholdForecast[];
};

export type QuotaForecastInput = {
  metric: UsageMetric;
  /** Hourly roll-ups, covering this period and ideally the four weeks before now. */
  points: readonly Point[];
  limit: Limit;
  period: Window;
  now: Date;
  /** When the workspace started using the metric; default its first non-zero point. */
  since?: Date;
};

/** A path of (time, cumulative or level) knots; values between knots are linear. */
type Path = Array<{ t: number; v: number }>;

const minute = (ms: number) => new Date(Math.round(ms / 60_000) * 60_000);

/** The first time a piecewise-linear path reaches `target`, or null. */
function crossing(path: Path, target: number): Date | null {
  for (let i = 1; i < path.length; i++) {
    const a = path[i - 1];
    const b = path[i];
    if (!a || !b || b.v < target) continue;
    if (a.v >= target) return minute(a.t);
    return minute(a.t + ((target - a.v) / (b.v - a.v)) * (b.t - a.t));
  }
  return null;
}

/** The start of the hour in which the running total (counter) or level (gauge) first reached `target`. */
function reachedAt(points: readonly Point[], target: number, kind: MetricKind): Date | null {
  let total = 0;
  for (const p of points) {
    total = kind === "gauge" ? p.value : total + p.value;
    if (total >= target) return p.at;
  }
  return null;
}

type Model = { expected: Path; low: Path; high: Path; dailyRate: number; seasonal: number[]; insufficientHistory: boolean };

function dailyTotals(points: readonly Point[], origin: number, kind: MetricKind): Map<number, number> {
  const days = new Map<number, number>();
  for (const p of points) {
    const day = Math.floor((p.at.getTime() - origin) / DAY_MS);
    const prev = days.get(day) ?? 0;
    days.set(day, kind === "gauge" ? Math.max(prev, p.value) : prev + p.value);
  }
  return days;
}

function counterModel(days: Map<number, number>, firstDay: number, origin: number, nowMs: number, endMs: number, used: number): Model {
  const today = Math.floor((nowMs - origin) / DAY_MS);
  const history: Array<{ y: number; dow: number }> = [];
  for (let day = Math.max(firstDay, today - HISTORY_DAYS); day < today; day++) history.push({ y: days.get(day) ?? 0, dow: dayOfWeek(origin + day * DAY_MS) });
  const flat = [1, 1, 1, 1, 1, 1, 1];
  if (history.length < MIN_HISTORY_DAYS) {
    const still: Path = [{ t: nowMs, v: used }];
    return { expected: still, low: still, high: still, dailyRate: 0, seasonal: flat, insufficientHistory: true };
  }
  let seasonal = flat;
  if (history.length >= SEASONAL_MIN_DAYS) {
    const means = flat.map((_, dow) => {
      const ys = history.filter((h) => h.dow === dow).map((h) => h.y);
      return ys.reduce((s, y) => s + y, 0) / Math.max(1, ys.length);
    });
    const overall = means.reduce((s, m) => s + m, 0) / 7;
    if (overall > 0) seasonal = means.map((m) => m / overall);
  }
  const recent = history.slice(-RATE_DAYS);
  const weight = recent.reduce((s, h) => s + (seasonal[h.dow] ?? 1), 0);
  const rate = weight > 0 ? recent.reduce((s, h) => s + h.y, 0) / weight : 0;
  const residuals = recent.map((h) => h.y - rate * (seasonal[h.dow] ?? 1));
  const sigma = recent.length > 1 ? Math.sqrt(residuals.reduce((s, e) => s + e * e, 0) / (recent.length - 1)) : 0;

  const expected: Path = [{ t: nowMs, v: used }];
  const low: Path = [{ t: nowMs, v: used }];
  const high: Path = [{ t: nowMs, v: used }];
  let cumulative = used;
  for (let day = today; origin + day * DAY_MS < endMs; day++) {
    const start = Math.max(origin + day * DAY_MS, nowMs);
    const end = Math.min(origin + (day + 1) * DAY_MS, endMs);
    cumulative += rate * (seasonal[dayOfWeek(origin + day * DAY_MS)] ?? 1) * ((end - start) / DAY_MS);
    const h = (end - nowMs) / DAY_MS;
    const band = INTERVAL_Z * sigma * Math.sqrt(h + (h * h) / recent.length);
    expected.push({ t: end, v: cumulative });
    high.push({ t: end, v: cumulative + band });
    // Usage never goes down: the lower edge is at least what is already used.
    low.push({ t: end, v: Math.max(used, cumulative - band) });
  }
  return { expected, low, high, dailyRate: round(rate), seasonal: seasonal.map((s) => round(s, 3)), insufficientHistory: false };
}

function gaugeModel(days: Map<number, number>, firstDay: number, origin: number, nowMs: number, endMs: number, level: number): Model {
  const today = Math.floor((nowMs - origin) / DAY_MS);
  const xs: number[] = [];
  const ys: number[] = [];
  for (let day = Math.max(firstDay, today - RATE_DAYS + 1); day <= today; day++) {
    const y = days.get(day);
    if (y === undefined) continue;
    xs.push(day);
    ys.push(y);
  }
  const flat = [1, 1, 1, 1, 1, 1, 1];
  const still: Path = [{ t: nowMs, v: level }];
  if (xs.length < MIN_HISTORY_DAYS) return { expected: still, low: still, high: still, dailyRate: 0, seasonal: flat, insufficientHistory: true };
  const n = xs.length;
  const mx = xs.reduce((s, x) => s + x, 0) / n;
  const my = ys.reduce((s, y) => s + y, 0) / n;
  const sxx = xs.reduce((s, x) => s + (x - mx) ** 2, 0);
  const slope = sxx > 0 ? xs.reduce((s, x, i) => s + (x - mx) * ((ys[i] ?? 0) - my), 0) / sxx : 0;
  const residuals = xs.map((x, i) => (ys[i] ?? 0) - (my + slope * (x - mx)));
  const sigma = n > 2 ? Math.sqrt(residuals.reduce((s, e) => s + e * e, 0) / (n - 2)) : 0;
  // A level never forecast below what it is now; the band is the regression's prediction interval.
  const expected: Path = [{ t: nowMs, v: level }];
  const low: Path = [{ t: nowMs, v: level }];
  const high: Path = [{ t: nowMs, v: level }];
  for (let day = today + 1; origin + day * DAY_MS <= endMs + DAY_MS - 1; day++) {
    const t = Math.min(origin + day * DAY_MS, endMs);
    const x = (t - origin) / DAY_MS;
    const fitted = my + slope * (x - mx);
    const band = INTERVAL_Z * sigma * Math.sqrt(1 + 1 / n + (sxx > 0 ? (x - mx) ** 2 / sxx : 0));
    expected.push({ t, v: Math.max(level, fitted) });
    high.push({ t, v: Math.max(level, fitted + band) });
    low.push({ t, v: Math.max(level, fitted - band) });
    if (t === endMs) break;
  }
  return { expected, low, high, dailyRate: round(slope), seasonal: flat, insufficientHistory: false };
}

/** The forecast for one metric; null when the limit is unlimited (or 0). */
export function forecastQuota({ metric, points, limit, period, now, since }: QuotaForecastInput): QuotaForecast | null {
  // A limit of 0 means the plan does not offer the metric: nothing to forecast.
  if (limit === UNLIMITED || limit <= 0) return null;
  const kind = USAGE_METRICS[metric].kind;
  const nowMs = Math.min(Math.max(now.getTime(), period.start.getTime()), period.end.getTime());
  const sorted = [...points].filter((p) => p.at.getTime() < nowMs).sort((a, b) => a.at.getTime() - b.at.getTime());
  const inPeriod = sorted.filter((p) => p.at.getTime() >= period.start.getTime());
  const used = inPeriod.reduce((s, p) => (kind === "gauge" ? Math.max(s, p.value) : s + p.value), 0);
  const origin = period.start.getTime();
  const firstActive = since?.getTime() ?? sorted.find((p) => p.value > 0)?.at.getTime() ?? nowMs;
  const firstDay = Math.floor((firstActive - origin) / DAY_MS);
  const days = dailyTotals(sorted, origin, kind);
  const endMs = period.end.getTime();
  const model = kind === "gauge" ? gaugeModel(days, firstDay, origin, nowMs, endMs, used) : counterModel(days, firstDay, origin, nowMs, endMs, used);

  const last = (path: Path) => path[path.length - 1]?.v ?? used;
  const thresholds = FORECAST_RATIOS.map((ratio): ThresholdForecast => {
    const units = ratio * limit;
    const reached = reachedAt(inPeriod, units, kind);
    if (reached) return { ratio, units, reached: true, at: reached, low: reached, high: reached };
    return { ratio, units, reached: false, at: crossing(model.expected, units), low: crossing(model.high, units), high: crossing(model.low, units) };
  });
  return {
    metric,
    kind,
    limit,
    used,
    projected: { expected: round(last(model.expected)), low: round(last(model.low)), high: round(last(model.high)) },
    dailyRate: model.dailyRate,
    seasonal: model.seasonal,
    insufficientHistory: model.insufficientHistory,
    unused: !sorted.some((p) => p.value > 0),
    thresholds,
  };
}

/** Forecasts for every limited metric in `series`, in catalog order. */
export function forecastQuotas(input: { series: Partial<Record<UsageMetric, readonly Point[]>>; limits: Partial<Record<UsageMetric, Limit>>; period: Window; now: Date }): QuotaForecast[] {
  return (Object.keys(USAGE_METRICS) as UsageMetric[]).flatMap((metric) => {
    const points = input.series[metric];
    const limit = input.limits[metric];
    if (!points || limit === undefined) return [];
    const forecast = forecastQuota({ metric, points, limit, period: input.period, now: input.now });
    return forecast ? [forecast] : [];
  });
}
