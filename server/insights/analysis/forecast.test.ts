import { describe, expect, it } from "vitest";
import { forecastQuota, forecastQuotas } from "./forecast";
import { seededRandom } from "./prng";
import { dayOfWeek, HOUR_MS, type Point } from "./series";

const d = (s: string) => new Date(s);
const NOVEMBER = { start: d("2026-11-01T00:00:00Z"), end: d("2026-12-01T00:00:00Z") };

function hourly(from: string, to: string, valueAt: (t: number) => number): Point[] {
  const points: Point[] = [];
  for (let t = d(from).getTime(); t < d(to).getTime(); t += HOUR_MS) points.push({ at: new Date(t), value: valueAt(t) });
  return points;
}

/** 6,000 units a weekday and 1,000 a weekend day (250 and about 41.7 an hour). */
const weekly = (t: number) => (dayOfWeek(t) < 5 ? 250 : 1000 / 24);

describe("forecastQuota (counters: day-of-week profile and mean daily rate)", () => {
  it("a steady 4,800 units a day on Pro's 100,000 reaches 80 % on Nov 17 16:00 and 100 % on Nov 21 20:00", () => {
    const now = d("2026-11-10T00:00:00Z");
    const f = forecastQuota({ metric: "units", points: hourly("2026-11-01T00:00:00Z", now.toISOString(), () => 200), limit: 100_000, period: NOVEMBER, now });
    expect(f).toMatchObject({ used: 43_200, dailyRate: 4_800, insufficientHistory: false, projected: { expected: 144_000, low: 144_000, high: 144_000 } });
    expect(f?.thresholds).toEqual([
      { ratio: 0.8, units: 80_000, reached: false, at: d("2026-11-17T16:00:00Z"), low: d("2026-11-17T16:00:00Z"), high: d("2026-11-17T16:00:00Z") },
      { ratio: 1, units: 100_000, reached: false, at: d("2026-11-21T20:00:00Z"), low: d("2026-11-21T20:00:00Z"), high: d("2026-11-21T20:00:00Z") },
    ]);
  });

  it("gives the same dates from the middle of a day, and ignores points after now", () => {
    const now = d("2026-11-10T12:00:00Z");
    const points = hourly("2026-11-01T00:00:00Z", "2026-11-12T00:00:00Z", (t) => (t < now.getTime() ? 200 : 5_000));
    const f = forecastQuota({ metric: "units", points, limit: 100_000, period: NOVEMBER, now });
    expect(f?.used).toBe(45_600);
    expect(f?.thresholds.map((t) => t.at)).toEqual([d("2026-11-17T16:00:00Z"), d("2026-11-21T20:00:00Z")]);
  });

  it("follows the weekly rhythm: quiet weekends push 100 % to Monday Nov 23 12:00", () => {
    // October's four weeks give the weekday profile; a flat rate would say Nov 18 23:17 for 80 %.
    const now = d("2026-11-10T00:00:00Z");
    const f = forecastQuota({ metric: "units", points: hourly("2026-10-01T00:00:00Z", now.toISOString(), weekly), limit: 100_000, period: NOVEMBER, now });
    expect(f?.used).toBeCloseTo(39_000, 6);
    expect(f?.seasonal).toEqual([1.313, 1.313, 1.313, 1.313, 1.313, 0.219, 0.219]);
    expect(f?.thresholds.map((t) => t.at)).toEqual([d("2026-11-18T12:00:00Z"), d("2026-11-23T12:00:00Z")]);
  });

  it("gives an interval that contains the expected date for a noisy series", () => {
    const random = seededRandom(11);
    const now = d("2026-11-12T00:00:00Z");
    const points = hourly("2026-10-01T00:00:00Z", now.toISOString(), (t) => weekly(t) * (0.7 + 0.6 * random()));
    const f = forecastQuota({ metric: "units", points, limit: 100_000, period: NOVEMBER, now });
    for (const t of f?.thresholds ?? []) {
      expect(t.reached).toBe(false);
      expect(t.low && t.at && t.low <= t.at).toBe(true);
      if (t.high) expect(t.at && t.at <= t.high).toBe(true);
    }
    // Within a day of the noise-free answer.
    const at80 = f?.thresholds[0]?.at?.getTime() ?? 0;
    expect(Math.abs(at80 - d("2026-11-18T12:00:00Z").getTime())).toBeLessThan(24 * HOUR_MS);
    expect(f && f.projected.low < f.projected.expected && f.projected.expected < f.projected.high).toBe(true);
  });

  it("reports a threshold already passed as reached in the hour it happened", () => {
    // 400 an hour from Nov 1: the 200th hour (Nov 9 07:00) brings it to 80,000.
    const now = d("2026-11-10T00:00:00Z");
    const f = forecastQuota({ metric: "units", points: hourly("2026-11-01T00:00:00Z", now.toISOString(), () => 400), limit: 100_000, period: NOVEMBER, now });
    expect(f?.thresholds[0]).toEqual({ ratio: 0.8, units: 80_000, reached: true, at: d("2026-11-09T07:00:00Z"), low: d("2026-11-09T07:00:00Z"), high: d("2026-11-09T07:00:00Z") });
    expect(f?.thresholds[1]?.reached).toBe(false);
    expect(f?.thresholds[1]?.at).toEqual(d("2026-11-11T10:00:00Z"));
  });

  it("returns null dates when the period ends first", () => {
    const now = d("2026-11-10T00:00:00Z");
    const f = forecastQuota({ metric: "units", points: hourly("2026-11-01T00:00:00Z", now.toISOString(), () => 100), limit: 100_000, period: NOVEMBER, now });
    expect(f?.projected.expected).toBe(72_000);
    expect(f?.thresholds.map((t) => [t.reached, t.at, t.low, t.high])).toEqual([
      [false, null, null, null],
      [false, null, null, null],
    ]);
  });

  it("does not forecast from fewer than three days", () => {
    const now = d("2026-11-02T12:00:00Z");
    const f = forecastQuota({ metric: "units", points: hourly("2026-11-01T00:00:00Z", now.toISOString(), () => 100), limit: 100_000, period: NOVEMBER, now });
    expect(f).toMatchObject({ insufficientHistory: true, unused: false, used: 3_600 });
    expect(f?.thresholds.every((t) => t.at === null)).toBe(true);
  });

  it("tells a metric never used from one with too short a history", () => {
    const now = d("2026-11-20T00:00:00Z");
    const f = forecastQuota({ metric: "units", points: hourly("2026-10-01T00:00:00Z", now.toISOString(), () => 0), limit: 100_000, period: NOVEMBER, now });
    expect(f).toMatchObject({ unused: true, used: 0, projected: { expected: 0, low: 0, high: 0 } });
    expect(f?.thresholds.every((t) => !t.reached && t.at === null)).toBe(true);
  });

  it("has nothing to say about an unlimited metric, or one the plan does not offer", () => {
    expect(forecastQuota({ metric: "units", points: [], limit: "unlimited", period: NOVEMBER, now: d("2026-11-10T00:00:00Z") })).toBeNull();
    expect(forecastQuota({ metric: "units", points: [], limit: 0, period: NOVEMBER, now: d("2026-11-10T00:00:00Z") })).toBeNull();
  });
});

describe("forecastQuota (gauges: linear trend of the daily peak)", () => {
  it("storage growing 2 GB a day from 40 GB reaches Pro's 100 GB (80 GB) on Nov 21", () => {
    const now = d("2026-11-10T00:00:00Z");
    const points = hourly("2026-10-27T00:00:00Z", now.toISOString(), (t) => 40 + 2 * Math.floor((t - d("2026-10-27T00:00:00Z").getTime()) / (24 * HOUR_MS)));
    const f = forecastQuota({ metric: "storage_gb", points, limit: 100, period: NOVEMBER, now });
    expect(f).toMatchObject({ kind: "gauge", used: 66, dailyRate: 2 });
    // Day 13 (Nov 9) is at 66; 80 is seven days later, at the start of Nov 16; 100 on Nov 26.
    expect(f?.thresholds.map((t) => t.at)).toEqual([d("2026-11-16T00:00:00Z"), d("2026-11-26T00:00:00Z")]);
  });
});

describe("forecastQuotas", () => {
  it("forecasts the limited metrics it has series for", () => {
    const now = d("2026-11-10T00:00:00Z");
    const flat = hourly("2026-11-01T00:00:00Z", now.toISOString(), () => 1);
    const result = forecastQuotas({ series: { units: flat, api_calls: flat }, limits: { units: "unlimited", api_calls: 1_000_000 }, period: NOVEMBER, now });
    expect(result.map((f) => f.metric)).toEqual(["api_calls"]);
  });
});
