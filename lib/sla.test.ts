import { describe, expect, it } from "vitest";
import { computeSlaReport, computeSlaReportFromTotals, creditFor, isErrorMinute, LATENCY_BOUNDS_MS, MINUTE_MS, monthOf, quantileFromBuckets, SLA_TERMS, slaTermsFor, type SlaReportInput } from "./sla";

const NOV = monthOf(Date.UTC(2026, 10, 15)); // November 2026: 30 days
const NOV_MINUTES = 30 * 24 * 60;
const at = (day: number, hour = 0, minute = 0) => Date.UTC(2026, 10, day, hour, minute);
const buckets = (counts: Record<number, number>) => Array.from({ length: LATENCY_BOUNDS_MS.length + 1 }, (_, i) => counts[i] ?? 0);

function input(overrides: Partial<SlaReportInput> = {}): SlaReportInput {
  return { period: NOV, createdAt: Date.UTC(2026, 0, 1), requests: [], platformDownMinutes: [], maintenance: [], incidents: [], terms: SLA_TERMS.sla99_9, monthlyFeeCents: 9_900, ...overrides };
}

describe("the SLA arithmetic", () => {
  it("a quiet month with no bad minute is 100 % with no credit", () => {
    const report = computeSlaReport(input());
    expect(report).toMatchObject({ eligibleMinutes: NOV_MINUTES, badMinutes: 0, availability: 100, breached: false, creditPercent: 0, creditCents: 0, requests: 0, errorRate: null, p95Ms: null });
  });

  it("counts platform-down minutes once each, also when the prober reported one twice", () => {
    const down = [at(3, 10, 0), at(3, 10, 0) + 30_000, at(3, 10, 1)];
    const report = computeSlaReport(input({ platformDownMinutes: down }));
    expect(report.badMinutes).toBe(2);
    // 43,198 of 43,200: 99.9953 %, above 99.9 %.
    expect(report.availability).toBe(99.9953);
    expect(report.breached).toBe(false);
  });

  it("a minute is bad on the workspace's own errors only with enough requests and at least 5 % 5xx (boundaries)", () => {
    const requests = [
      { minute: at(1, 0, 0), requests: 20, serverErrors: 1, latencyBuckets: buckets({ 0: 20 }) }, // exactly 5 %: bad
      { minute: at(1, 0, 1), requests: 21, serverErrors: 1, latencyBuckets: buckets({ 0: 21 }) }, // 4.76 %: good
      { minute: at(1, 0, 2), requests: 4, serverErrors: 4, latencyBuckets: buckets({ 0: 4 }) }, // too few requests: good
      { minute: at(1, 0, 3), requests: 5, serverErrors: 1, latencyBuckets: buckets({ 0: 5 }) }, // 5 requests, 20 %: bad
    ];
    const report = computeSlaReport(input({ requests }));
    expect(report.badMinutes).toBe(2);
    expect(report.requests).toBe(50);
    expect(report.serverErrors).toBe(7);
    expect(report.errorRate).toBeCloseTo(14, 5);
  });

  it("adds the surfaces of one minute before judging it", () => {
    const requests = [
      { minute: at(2, 5, 0), requests: 3, serverErrors: 1, latencyBuckets: buckets({ 1: 3 }) }, // api: too few alone
      { minute: at(2, 5, 0) + 10_000, requests: 3, serverErrors: 0, latencyBuckets: buckets({ 1: 3 }) }, // dashboard, same minute
    ];
    expect(computeSlaReport(input({ requests })).badMinutes).toBe(1);
  });

  it("leaves maintenance windows out of both sides, to the minute", () => {
    // A 2-hour window, half of it while the platform was down: those minutes do not count at all.
    const maintenance = [{ start: at(10, 2, 0), end: at(10, 4, 0) }];
    const platformDownMinutes = Array.from({ length: 120 }, (_, i) => at(10, 3, 0) + i * MINUTE_MS); // 03:00–04:59
    const report = computeSlaReport(input({ maintenance, platformDownMinutes }));
    expect(report.eligibleMinutes).toBe(NOV_MINUTES - 120);
    expect(report.badMinutes).toBe(60); // 04:00–04:59 only
    // A window starting mid-minute still takes that whole minute out.
    expect(computeSlaReport(input({ maintenance: [{ start: at(10, 2, 0) + 30_000, end: at(10, 2, 1) }] })).eligibleMinutes).toBe(NOV_MINUTES - 1);
  });

  it("a workspace created mid-month is judged on the minutes since it existed", () => {
    const createdAt = at(16, 12, 0) + 20_000; // 12:00:20 on the 16th: the first whole minute is 12:01
    const eligible = NOV_MINUTES - (15 * 24 * 60 + 12 * 60 + 1);
    const report = computeSlaReport(input({ createdAt, platformDownMinutes: [at(5, 0, 0), at(20, 0, 0)] }));
    expect(report.eligibleMinutes).toBe(eligible);
    expect(report.badMinutes).toBe(1); // the outage on the 5th was before it existed
  });

  it("a month in progress (a partial period) counts only whole minutes up to its end", () => {
    const period = { start: NOV.start, end: at(1, 1, 0) + 30_000 }; // 01:00:30 on the 1st
    const report = computeSlaReport(input({ period, platformDownMinutes: [at(1, 0, 59), at(1, 1, 0)] }));
    expect(report.eligibleMinutes).toBe(60);
    expect(report.badMinutes).toBe(1);
    expect(report.availability).toBe(98.3333);
    // A workspace created after the period's end has nothing to judge.
    expect(computeSlaReport(input({ period, createdAt: at(2) })).availability).toBeNull();
  });

  it("owes the credit of the lowest step the month falls under, in money", () => {
    const minutesDown = (n: number) => Array.from({ length: n }, (_, i) => at(7) + i * MINUTE_MS);
    // 43 bad minutes of 43,200: 99.9004 % — just above 99.9 %.
    expect(computeSlaReport(input({ platformDownMinutes: minutesDown(43) })).creditPercent).toBe(0);
    // 44: 99.8981 % — under 99.9 %: 10 % of $99.
    expect(computeSlaReport(input({ platformDownMinutes: minutesDown(44) }))).toMatchObject({ breached: true, creditPercent: 10, creditCents: 990 });
    expect(computeSlaReport(input({ platformDownMinutes: minutesDown(500) }))).toMatchObject({ creditPercent: 25 });
    expect(computeSlaReport(input({ platformDownMinutes: minutesDown(3000) }))).toMatchObject({ creditPercent: 50 });
    // Enterprise's stricter terms: 5 bad minutes already breach 99.99 %.
    expect(computeSlaReport(input({ terms: SLA_TERMS.sla99_99, platformDownMinutes: minutesDown(5) }))).toMatchObject({ breached: true, creditPercent: 10 });
    // Without an SLA nothing is owed however bad the month.
    expect(computeSlaReport(input({ terms: null, platformDownMinutes: minutesDown(3000) }))).toMatchObject({ breached: false, creditPercent: 0, target: null });
    expect(creditFor(null, SLA_TERMS.sla99_9)).toBe(0);
  });

  it("reads p95 and p99 from the histogram as the bucket's upper bound", () => {
    const requests = [{ minute: at(4), requests: 100, serverErrors: 0, latencyBuckets: buckets({ 0: 90, 3: 5, 5: 4, 8: 1 }) }];
    const report = computeSlaReport(input({ requests }));
    expect(report.p95Ms).toBe(250);
    expect(report.p99Ms).toBe(1000);
    expect(quantileFromBuckets(buckets({ 8: 1 }), 0.5)).toBe(Infinity);
    expect(quantileFromBuckets(buckets({}), 0.5)).toBeNull();
  });

  it("lists the incidents that overlap the period, and picks the plan's SLA", () => {
    const incidents = [
      { start: at(1) - 3_600_000, end: at(1) + 60_000, title: "spans the start" },
      { start: Date.UTC(2026, 9, 1), end: Date.UTC(2026, 9, 2), title: "October" },
    ];
    expect(computeSlaReport(input({ incidents })).incidents.map((i) => i.title)).toEqual(["spans the start"]);
    expect(slaTermsFor({ sla99_9: true, sla99_99: true })).toBe(SLA_TERMS.sla99_99);
    expect(slaTermsFor({ sla99_9: true })).toBe(SLA_TERMS.sla99_9);
    expect(slaTermsFor({})).toBeNull();
    expect(monthOf(Date.UTC(2026, 11, 31, 23, 59))).toEqual({ start: Date.UTC(2026, 11, 1), end: Date.UTC(2027, 0, 1) });
  });
});

describe("the report from totals (the console's cross-workspace read)", () => {
  it("is the report from minutes, given the minutes the same rule judged bad and the same totals", () => {
    const period = monthOf(Date.UTC(2025, 1, 1));
    const at = (d: number, h: number, m: number) => Date.UTC(2025, 1, d, h, m);
    const requests = [
      { minute: at(3, 9, 0), requests: 10, serverErrors: 1, latencyBuckets: [8, 1, 0, 0, 0, 0, 0, 0, 1] },
      { minute: at(3, 9, 1), requests: 4, serverErrors: 4, latencyBuckets: [4, 0, 0, 0, 0, 0, 0, 0, 0] },
      { minute: at(3, 9, 2) + 30_000, requests: 3, serverErrors: 1, latencyBuckets: [3, 0, 0, 0, 0, 0, 0, 0, 0] },
      { minute: at(3, 9, 2), requests: 3, serverErrors: 0, latencyBuckets: [0, 0, 3, 0, 0, 0, 0, 0, 0] },
      { minute: at(4, 0, 0), requests: 100, serverErrors: 4, latencyBuckets: [100, 0, 0, 0, 0, 0, 0, 0, 0] },
    ];
    const common = {
      period,
      createdAt: Date.UTC(2025, 1, 2, 12, 0, 30),
      platformDownMinutes: [at(5, 1, 0), at(1, 0, 0)],
      maintenance: [{ start: at(6, 0, 0), end: at(6, 2, 0) }],
      incidents: [],
      terms: SLA_TERMS.sla99_99,
      monthlyFeeCents: 29_900,
    };
    const fromMinutes = computeSlaReport({ ...common, requests });
    const fromTotals = computeSlaReportFromTotals({
      ...common,
      errorMinutes: [at(3, 9, 0), at(3, 9, 2)],
      requests: 120,
      serverErrors: 10,
      latencyBuckets: [115, 1, 3, 0, 0, 0, 0, 0, 1],
    });
    expect(fromTotals).toEqual(fromMinutes);
    expect(fromMinutes.badMinutes).toBe(3);
    expect([isErrorMinute(10, 1), isErrorMinute(4, 4), isErrorMinute(6, 1), isErrorMinute(100, 4), isErrorMinute(100, 5)]).toEqual([true, false, true, false, true]);
  });
});
