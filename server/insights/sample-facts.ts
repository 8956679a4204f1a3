import type { InsightFacts } from "./analyse-workspace";
import { change } from "./analysis/trends";

// Test data: one workspace's facts with a trend, a forecast reaching its limit, an overage
// sentence, inactive members and stale keys, and churn reasons (summary and digest tests).

const d = (iso: string) => new Date(`${iso}T00:00:00Z`);
const window = { currentWindow: { start: d("2026-11-01"), end: d("2026-11-29") }, previousWindow: { start: d("2026-10-01"), end: d("2026-10-29") } };

export function sampleFacts(): InsightFacts {
  return {
    version: 1,
    computedAt: d("2026-11-29"),
    planId: "pro",
    period: { start: d("2026-11-01"), end: d("2026-12-01") },
    daily: { api_calls: [], units: [], storage_gb: [] },
    trends: [
      { metric: "units", kind: "counter", periodToDate: { ...change(12_500, 10_558), ...window }, weekOverWeek: { ...change(3_000, 3_000), ...window } },
      { metric: "storage_gb", kind: "gauge", periodToDate: { ...change(0, 0), ...window }, weekOverWeek: { ...change(2.5, 0), ...window } },
    ],
    anomalies: { api_calls: [], units: [], storage_gb: [] },
    forecasts: [
      {
        metric: "units",
        kind: "counter",
        limit: 10_000,
        used: 12_500,
        projected: { expected: 13_392.4, low: 13_000, high: 13_800 },
        dailyRate: 446,
        seasonal: [1, 1, 1, 1, 1, 1, 1],
        insufficientHistory: false,
        unused: false,
        thresholds: [
          { ratio: 0.8, units: 8_000, reached: true, at: d("2026-11-20"), low: null, high: null },
          { ratio: 1, units: 10_000, reached: false, at: d("2026-11-24"), low: d("2026-11-23"), high: d("2026-11-26") },
        ],
      },
    ],
    rightSizing: {
      downgrade: null,
      overage: null,
      upgrades: [],
      rejected: [],
      sentences: ["This period's overage will cost about $25 (2,500 units over 10,000) — Enterprise is cheaper above 60,000 units."],
    },
    hygiene: {
      inactiveMembers: [{ userId: "u1", email: "ada@example.com", name: "Ada", role: "member", daysInactive: 45, neverSignedIn: false }],
      keys: [
        { id: "k1", name: "ci", prefix: "atr_ab12", unused: true, daysUnused: 120, neverUsed: false, noExpiry: true },
        { id: "k2", name: "deploy", prefix: "atr_cd34", unused: false, daysUnused: 3, neverUsed: false, noExpiry: true },
      ],
    },
    churn: {
      tenantId: "t1",
      score: 40,
      reasons: [
        { code: "usageDecline", points: 0, percent: 0, recent: 100, prior: 90 },
        { code: "noSignIns", points: 10, days: 15 },
        { code: "paymentFailures", points: 10, count: 1 },
      ],
    },
    expansion: { tenantId: "t1", score: 0, reasons: [] },
  };
}
