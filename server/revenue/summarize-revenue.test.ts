import { describe, expect, it } from "vitest";
import { computeArpa } from "./compute-arpa";
import { computeChurnRates } from "./compute-churn-rates";
import { computePlanMix } from "./compute-plan-mix";
import { computeTrialConversion } from "./compute-trial-conversion";
import type { RevenueAggregates, RevenueMonth } from "./revenue-aggregates";
import { summarizeRevenue } from "./summarize-revenue";

const empty = { newCents: 0, expansionCents: 0, contractionCents: 0, churnCents: 0, reactivationCents: 0, newLogos: 0, churnedLogos: 0, reactivatedLogos: 0 };

// Three months of a small platform: A (Starter) and B (Pro) sign up; A upgrades mid-month and
// later churns, B moves to yearly billing, A comes back, C signs up to Enterprise yearly.
const months: RevenueMonth[] = [
  { ...empty, month: "2026-09", newCents: 12_800, newLogos: 2, openingMrrCents: 0, openingPaying: 0, closingMrrCents: 12_800, closingPaying: 2 },
  {
    ...empty,
    month: "2026-10",
    expansionCents: 7_000,
    churnCents: -9_900,
    churnedLogos: 1,
    openingMrrCents: 12_800,
    openingPaying: 2,
    closingMrrCents: 9_900,
    closingPaying: 1,
  },
  {
    ...empty,
    month: "2026-11",
    newCents: 24_917,
    newLogos: 1,
    reactivationCents: 9_900,
    reactivatedLogos: 1,
    contractionCents: -1_650,
    openingMrrCents: 9_900,
    openingPaying: 1,
    closingMrrCents: 43_067,
    closingPaying: 3,
  },
];

const aggregates: RevenueAggregates = {
  months,
  statuses: [
    { status: "active", count: 3 },
    { status: "past_due", count: 1 },
    { status: "trialing", count: 4 },
    { status: "cancelled", count: 2 },
  ],
  plans: [
    { planId: "pro", interval: "month", accounts: 1, mrrCents: 9_900 },
    { planId: "enterprise", interval: "year", accounts: 1, mrrCents: 24_917 },
    { planId: "pro", interval: "year", accounts: 1, mrrCents: 8_250 },
  ],
  trials: { started: 10, decided: 6, converted: 3 },
};

describe("summarizeRevenue", () => {
  const summary = summarizeRevenue(aggregates);

  it("MRR is the latest closing figure, ARR twelve times it, ARPA per paying account", () => {
    expect(summary.mrrCents).toBe(43_067);
    expect(summary.arrCents).toBe(516_804);
    expect(summary.payingAccounts).toBe(3);
    expect(summary.arpaCents).toBe(14_356);
  });

  it("net new MRR per month is the sum of its parts and equals closing minus opening", () => {
    expect(summary.months.map((m) => m.netNewCents)).toEqual([12_800, -2_900, 33_167]);
    for (const m of summary.months) expect(m.netNewCents).toBe(m.closingMrrCents - m.openingMrrCents);
  });

  it("rates come from the last full month, against its opening base", () => {
    expect(summary.latestRates.month).toBe("2026-10");
    expect(summary.latestRates.logoChurnRate).toBe(0.5);
    expect(summary.latestRates.grossRevenueChurnRate).toBeCloseTo(9_900 / 12_800);
    expect(summary.latestRates.netRevenueChurnRate).toBeCloseTo(2_900 / 12_800);
    // A first month has no opening base: no rate rather than infinity.
    expect(summary.months[0]!.logoChurnRate).toBeNull();
  });

  it("counts workspaces by status and trial conversion of decided trials", () => {
    expect(summary.counts).toEqual({ active: 3, trialing: 4, pastDue: 1, suspended: 0, cancelled: 2, total: 10 });
    expect(summary.trialConversion).toMatchObject({ started: 10, decided: 6, converted: 3, running: 4, rate: 0.5 });
  });

  it("has revenue; a fresh platform has none and no figures that divide by zero", () => {
    expect(summary.hasRevenue).toBe(true);
    const fresh = summarizeRevenue({
      months: [{ ...empty, month: "2026-11", openingMrrCents: 0, openingPaying: 0, closingMrrCents: 0, closingPaying: 0 }],
      statuses: [],
      plans: [],
      trials: { started: 0, decided: 0, converted: 0 },
    });
    expect(fresh).toMatchObject({ hasRevenue: false, mrrCents: 0, arrCents: 0, arpaCents: null, planMix: [] });
    expect(fresh.trialConversion.rate).toBeNull();
    expect(fresh.latestRates).toEqual({ month: "2026-11", logoChurnRate: null, grossRevenueChurnRate: null, netRevenueChurnRate: null });
  });
});

describe("the formulas on their own", () => {
  it("ARPA rounds to the cent and is null with nobody paying", () => {
    expect(computeArpa({ mrrCents: 10_000, payingAccounts: 3 })).toBe(3_333);
    expect(computeArpa({ mrrCents: 0, payingAccounts: 0 })).toBeNull();
  });

  it("net revenue churn goes negative when expansion outgrows what was lost", () => {
    const rates = computeChurnRates({ churnedLogos: 0, openingPaying: 4, churnCents: 0, contractionCents: -1_000, expansionCents: 5_000, openingMrrCents: 20_000 });
    expect(rates).toEqual({ logoChurnRate: 0, grossRevenueChurnRate: 0.05, netRevenueChurnRate: -0.2 });
  });

  it("trial conversion never reports more decided than converted, nor a negative number running", () => {
    expect(computeTrialConversion({ started: 2, decided: 1, converted: 2 })).toMatchObject({ decided: 2, running: 0, rate: 1 });
    expect(computeTrialConversion({ started: 5, decided: 0, converted: 0 })).toMatchObject({ running: 5, rate: null });
  });

  it("plan mix names each plan and interval and orders by MRR, with shares that add up to one", () => {
    const mix = computePlanMix(aggregates.plans);
    expect(mix.map((p) => p.label)).toEqual(["Enterprise (yearly)", "Pro (monthly)", "Pro (yearly)"]);
    expect(mix.reduce((s, p) => s + p.mrrShare, 0)).toBeCloseTo(1);
    expect(mix.reduce((s, p) => s + p.accountShare, 0)).toBeCloseTo(1);
    expect(computePlanMix([{ planId: null, interval: null, accounts: 1, mrrCents: 0 }])).toEqual([
      { planId: null, interval: null, label: "Unknown plan", accounts: 1, mrrCents: 0, mrrShare: 0, accountShare: 1 },
    ]);
  });
});

describe("edge values", () => {
  it("a month that lost nothing reports a churn of 0, never -0", () => {
    const rates = computeChurnRates({ churnedLogos: 0, openingPaying: 2, churnCents: 0, contractionCents: 0, expansionCents: 0, openingMrrCents: 5_000 });
    expect(Object.is(rates.grossRevenueChurnRate, 0)).toBe(true);
    expect(Object.is(rates.netRevenueChurnRate, 0)).toBe(true);
  });
});
