import { describe, expect, it } from "vitest";
import { change, computeTrends, periodToDateWindows } from "./trends";
import { HOUR_MS, type Point } from "./series";

const d = (s: string) => new Date(s);

/** Hourly points from `from` (inclusive) to `to` (exclusive), each `valueAt(t)`. */
function hourly(from: string, to: string, valueAt: (t: Date) => number): Point[] {
  const points: Point[] = [];
  for (let t = d(from).getTime(); t < d(to).getTime(); t += HOUR_MS) points.push({ at: new Date(t), value: valueAt(new Date(t)) });
  return points;
}

describe("change", () => {
  it("gives absolute and percent change", () => {
    expect(change(150, 100)).toEqual({ current: 150, previous: 100, absolute: 50, percent: 50, fromZero: false });
    expect(change(50, 200)).toMatchObject({ absolute: -150, percent: -75 });
  });

  it("never gives NaN or Infinity when the baseline is 0", () => {
    expect(change(0, 0)).toEqual({ current: 0, previous: 0, absolute: 0, percent: 0, fromZero: false });
    expect(change(30, 0)).toEqual({ current: 30, previous: 0, absolute: 30, percent: 100, fromZero: true });
  });
});

describe("periodToDateWindows", () => {
  it("compares day 10 of this period with day 10 of the last", () => {
    const w = periodToDateWindows(d("2026-01-01T00:00:00Z"), d("2026-11-10T12:00:00Z"));
    expect(w.current).toEqual({ start: d("2026-11-01T00:00:00Z"), end: d("2026-11-10T12:00:00Z") });
    expect(w.previous).toEqual({ start: d("2026-10-01T00:00:00Z"), end: d("2026-10-10T12:00:00Z") });
  });

  it("caps the previous window at the end of a shorter previous period", () => {
    // Anchor on the 31st: the period after Feb 28 starts on Mar 31; the previous one is 28 days long.
    const w = periodToDateWindows(d("2026-01-31T00:00:00Z"), d("2026-03-30T00:00:00Z"));
    expect(w.current.start).toEqual(d("2026-02-28T00:00:00Z"));
    expect(w.previous).toEqual({ start: d("2026-01-31T00:00:00Z"), end: d("2026-02-28T00:00:00Z") });
  });
});

describe("computeTrends", () => {
  const now = d("2026-11-15T00:00:00Z");
  const anchor = d("2026-01-01T00:00:00Z");

  it("finds a rising trend: +110 % period to date and +10 % week over week", () => {
    // October: 10 units an hour; November: 20 until Nov 8, then 22 an hour.
    const units = hourly("2026-10-01T00:00:00Z", "2026-11-15T00:00:00Z", (t) => (t < d("2026-11-01T00:00:00Z") ? 10 : t < d("2026-11-08T00:00:00Z") ? 20 : 22));
    const [trend] = computeTrends({ series: { units }, anchor, now });
    expect(trend?.metric).toBe("units");
    // Nov 1–15: 168 h at 20 + 168 h at 22 = 7056; Oct 1–15: 336 h at 10 = 3360.
    expect(trend?.periodToDate).toMatchObject({ current: 7056, previous: 3360, absolute: 3696, percent: 110 });
    expect(trend?.periodToDate.previousWindow.end).toEqual(d("2026-10-15T00:00:00Z"));
    expect(trend?.weekOverWeek).toMatchObject({ current: 3696, previous: 3360, percent: 10, fromZero: false });
  });

  it("compares gauges by their peak", () => {
    const storage = hourly("2026-10-01T00:00:00Z", "2026-11-15T00:00:00Z", (t) => (t < d("2026-11-01T00:00:00Z") ? 4 : 5));
    const [trend] = computeTrends({ series: { storage_gb: storage }, anchor, now });
    expect(trend).toMatchObject({ metric: "storage_gb", kind: "gauge", periodToDate: { current: 5, previous: 4, percent: 25 } });
  });

  it("reports a metric that started this period as new, not as an infinite rise", () => {
    const api = hourly("2026-11-01T00:00:00Z", "2026-11-15T00:00:00Z", () => 1);
    const [trend] = computeTrends({ series: { api_calls: api }, anchor, now });
    expect(trend?.periodToDate).toMatchObject({ current: 336, previous: 0, percent: 100, fromZero: true });
    expect(Number.isFinite(trend?.weekOverWeek.percent)).toBe(true);
  });

  it("returns only the metrics it was given, in catalog order", () => {
    const flat = hourly("2026-10-01T00:00:00Z", "2026-11-15T00:00:00Z", () => 1);
    expect(computeTrends({ series: { storage_gb: flat, api_calls: flat }, anchor, now }).map((t) => t.metric)).toEqual(["api_calls", "storage_gb"]);
  });
});
