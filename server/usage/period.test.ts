import { describe, expect, it } from "vitest";
import { addMonths, usagePeriod } from "./period";

const d = (s: string) => new Date(s);

describe("usagePeriod (billing-cycle aligned)", () => {
  it.each([
    ["2026-01-15T10:00:00Z", "2026-03-20T00:00:00Z", "2026-03-15T10:00:00Z", "2026-04-15T10:00:00Z"],
    ["2026-01-15T10:00:00Z", "2026-03-15T09:59:59Z", "2026-02-15T10:00:00Z", "2026-03-15T10:00:00Z"],
    ["2026-01-15T10:00:00Z", "2026-03-15T10:00:00Z", "2026-03-15T10:00:00Z", "2026-04-15T10:00:00Z"],
    ["2026-01-31T00:00:00Z", "2026-02-28T12:00:00Z", "2026-02-28T00:00:00Z", "2026-03-31T00:00:00Z"],
    ["2026-01-31T00:00:00Z", "2026-02-27T12:00:00Z", "2026-01-31T00:00:00Z", "2026-02-28T00:00:00Z"],
    ["2024-12-10T00:00:00Z", "2026-11-23T00:00:00Z", "2026-11-10T00:00:00Z", "2026-12-10T00:00:00Z"],
    // An anchor in the future (a subscription period end): periods step back from it.
    ["2026-12-23T08:00:00Z", "2026-11-23T09:00:00Z", "2026-11-23T08:00:00Z", "2026-12-23T08:00:00Z"],
  ])("anchor %s, now %s -> [%s, %s)", (anchor, now, start, end) => {
    expect(usagePeriod(d(anchor), d(now))).toEqual({ start: d(start), end: d(end) });
  });

  it("keeps the cycle's own day when the anchor was clamped (a cycle on the 31st ending on Feb 28)", () => {
    // Without the day: Jan 28 - Feb 28, three days counted in two periods.
    expect(usagePeriod(d("2026-02-28T09:00:00Z"), d("2026-02-15T00:00:00Z"))).toEqual({ start: d("2026-01-28T09:00:00Z"), end: d("2026-02-28T09:00:00Z") });
    expect(usagePeriod(d("2026-02-28T09:00:00Z"), d("2026-02-15T00:00:00Z"), 31)).toEqual({ start: d("2026-01-31T09:00:00Z"), end: d("2026-02-28T09:00:00Z") });
    expect(usagePeriod(d("2026-02-28T09:00:00Z"), d("2026-03-05T00:00:00Z"), 31)).toEqual({ start: d("2026-02-28T09:00:00Z"), end: d("2026-03-31T09:00:00Z") });
    expect(usagePeriod(d("2026-04-30T09:00:00Z"), d("2026-04-10T00:00:00Z"), 31)).toEqual({ start: d("2026-03-31T09:00:00Z"), end: d("2026-04-30T09:00:00Z") });
  });

  it("clamps to the end of short months", () => {
    expect(addMonths(d("2026-01-31T00:00:00Z"), 1)).toEqual(d("2026-02-28T00:00:00Z"));
    expect(addMonths(d("2028-01-31T00:00:00Z"), 1)).toEqual(d("2028-02-29T00:00:00Z"));
  });
});
