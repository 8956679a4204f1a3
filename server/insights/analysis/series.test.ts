import { describe, expect, it } from "vitest";
import { aggregate, dayOfWeek, hourOfWeek } from "./series";
import { mean, meanAbsoluteDeviation, median, medianAbsoluteDeviation, round, standardDeviation } from "./stats";
import { normal, seededRandom } from "./prng";

const d = (s: string) => new Date(s);

describe("series helpers", () => {
  it("numbers the hours of the week from Monday 00:00 UTC", () => {
    expect(hourOfWeek(d("2026-11-30T00:00:00Z").getTime())).toBe(0); // a Monday
    expect(hourOfWeek(d("2026-11-29T23:59:00Z").getTime())).toBe(167); // the Sunday before
    expect(hourOfWeek(d("1969-12-29T05:00:00Z").getTime())).toBe(5); // before the epoch
    expect(dayOfWeek(d("2026-11-04T12:00:00Z").getTime())).toBe(2); // a Wednesday
  });

  it("sums counters and takes the peak of gauges inside a half-open window", () => {
    const points = [1, 5, 3].map((value, i) => ({ at: new Date(Date.UTC(2026, 10, 1 + i)), value }));
    const window = { start: d("2026-11-01T00:00:00Z"), end: d("2026-11-03T00:00:00Z") };
    expect(aggregate(points, window, "counter")).toBe(6);
    expect(aggregate(points, window, "gauge")).toBe(5);
  });
});

describe("robust statistics", () => {
  it("median and MAD ignore one wild value", () => {
    const values = [10, 12, 11, 13, 9, 1_000];
    expect(median(values)).toBe(11.5);
    expect(medianAbsoluteDeviation(values)).toBe(1.5);
    expect(meanAbsoluteDeviation([1, 1, 1, 5])).toBe(1);
    expect(mean([])).toBe(0);
    expect(standardDeviation([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(2.138, 3);
    expect(round(-0.0001)).toBe(0);
  });
});

describe("seededRandom", () => {
  it("repeats per seed and stays in [0, 1)", () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const draws = Array.from({ length: 1_000 }, () => a());
    expect(draws).toEqual(Array.from({ length: 1_000 }, () => b()));
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(1);
    const random = seededRandom(1);
    const normals = Array.from({ length: 5_000 }, () => normal(random, 10, 2));
    expect(mean(normals)).toBeCloseTo(10, 1);
    expect(standardDeviation(normals)).toBeCloseTo(2, 1);
  });
});
