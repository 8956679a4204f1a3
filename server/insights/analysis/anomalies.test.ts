import { describe, expect, it } from "vitest";
import { findAnomalies, Z_THRESHOLD } from "./anomalies";
import { seededRandom } from "./prng";
import { HOUR_MS, hourOfWeek, type Point } from "./series";

const d = (s: string) => new Date(s);

/**
 * Office-hours usage: about 100 calls an hour 09:00–17:00 UTC on weekdays, about 5 otherwise,
 * with ±10 % (±2 at night) of seeded noise.
 */
function officeHours(from: string, to: string, seed = 7): Point[] {
  const random = seededRandom(seed);
  const points: Point[] = [];
  for (let t = d(from).getTime(); t < d(to).getTime(); t += HOUR_MS) {
    const how = hourOfWeek(t);
    const busy = how < 5 * 24 && how % 24 >= 9 && how % 24 < 17;
    const value = busy ? 90 + Math.floor(random() * 21) : 3 + Math.floor(random() * 5);
    points.push({ at: new Date(t), value });
  }
  return points;
}

function withValue(points: Point[], at: string, value: number): Point[] {
  return points.map((p) => (p.at.getTime() === d(at).getTime() ? { at: p.at, value } : p));
}

// Six weeks from Monday Oct 5 2026; the last week (Nov 9–16) is evaluated.
const FROM = "2026-10-05T00:00:00Z";
const NOW = d("2026-11-16T00:00:00Z");

describe("findAnomalies (hour-of-week median and MAD)", () => {
  it("uses the documented threshold", () => {
    expect(Z_THRESHOLD).toBe(3.5);
  });

  it("does not flag a normal weekly rhythm: busy weekdays, quiet nights and weekends", () => {
    expect(findAnomalies({ points: officeHours(FROM, NOW.toISOString()), kind: "counter", now: NOW })).toEqual([]);
  });

  it("finds an injected spike on Wednesday 14:00 and nothing else", () => {
    const points = withValue(officeHours(FROM, NOW.toISOString()), "2026-11-11T14:00:00Z", 400);
    const found = findAnomalies({ points, kind: "counter", now: NOW });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ at: d("2026-11-11T14:00:00Z"), value: 400, direction: "spike", baselineWeeks: 5 });
    expect(found[0]?.expected).toBeGreaterThanOrEqual(90);
    expect(found[0]?.expected).toBeLessThanOrEqual(110);
    expect(found[0]?.score).toBeGreaterThan(Z_THRESHOLD);
  });

  it("finds an outage: a weekday office hour with no calls is a drop", () => {
    const points = withValue(officeHours(FROM, NOW.toISOString()), "2026-11-10T11:00:00Z", 0);
    expect(findAnomalies({ points, kind: "counter", now: NOW })).toEqual([expect.objectContaining({ at: d("2026-11-10T11:00:00Z"), value: 0, direction: "drop" })]);
  });

  it("treats a missing counter hour as zero usage", () => {
    const points = officeHours(FROM, NOW.toISOString()).filter((p) => p.at.getTime() !== d("2026-11-12T10:00:00Z").getTime());
    expect(findAnomalies({ points, kind: "counter", now: NOW }).map((a) => a.at)).toEqual([d("2026-11-12T10:00:00Z")]);
  });

  it("does not judge the hour in progress", () => {
    const now = d("2026-11-11T14:30:00Z");
    const points = withValue(officeHours(FROM, "2026-11-11T15:00:00Z"), "2026-11-11T14:00:00Z", 1);
    expect(findAnomalies({ points, kind: "counter", now })).toEqual([]);
  });

  it("does not judge hours the roll-up job has not reached yet", () => {
    // Monday Nov 16, 12:30: the busy 10:00 and 11:00 hours are not rolled up yet.
    const now = d("2026-11-16T12:30:00Z");
    const points = officeHours(FROM, "2026-11-16T10:00:00Z");
    expect(findAnomalies({ points, kind: "counter", now, through: d("2026-11-16T10:00:00Z") })).toEqual([]);
    // Without the watermark they look like an outage.
    expect(findAnomalies({ points, kind: "counter", now }).map((a) => [a.at, a.direction])).toEqual([
      [d("2026-11-16T10:00:00Z"), "drop"],
      [d("2026-11-16T11:00:00Z"), "drop"],
    ]);
  });

  it("needs four earlier weeks: a spike in a two-week-old series is not judged", () => {
    const points = withValue(officeHours("2026-11-02T00:00:00Z", NOW.toISOString()), "2026-11-11T14:00:00Z", 400);
    expect(findAnomalies({ points, kind: "counter", now: NOW })).toEqual([]);
  });

  it("does not flag noise in a sparse series", () => {
    // A handful of calls now and then over six weeks, then a few more than usual.
    const sparse: Point[] = [0, 100, 200, 400, 700, 900].map((h) => ({ at: new Date(d(FROM).getTime() + h * HOUR_MS), value: 1 }));
    sparse.push({ at: d("2026-11-11T14:00:00Z"), value: 3 });
    expect(findAnomalies({ points: sparse, kind: "counter", now: NOW })).toEqual([]);
  });

  it("judges gauges without zero-filling and against a 1 % floor", () => {
    const storage: Point[] = [];
    for (let t = d(FROM).getTime(); t < NOW.getTime(); t += HOUR_MS) storage.push({ at: new Date(t), value: 50 });
    const jumped = storage.map((p) => (p.at.getTime() === d("2026-11-13T03:00:00Z").getTime() ? { at: p.at, value: 80 } : p));
    expect(findAnomalies({ points: jumped, kind: "gauge", now: NOW })).toEqual([expect.objectContaining({ value: 80, expected: 50, direction: "spike" })]);
    expect(findAnomalies({ points: storage, kind: "gauge", now: NOW })).toEqual([]);
  });
});
