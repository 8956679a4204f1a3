import { describe, expect, it } from "vitest";
import { CHURN_WEIGHTS, churnRisk, EXPANSION_WEIGHTS, expansionPotential, rankBy, usageChange, type WorkspaceHistory } from "./churn-risk";
import { generateHistories } from "./generate-histories";
import { precisionRecallAtTop } from "./ranking-quality";
import { DAY_MS, type Point } from "./series";

const NOW = new Date("2026-11-29T00:00:00Z");
const daysAgo = (n: number) => new Date(NOW.getTime() - n * DAY_MS);

/** 60 days of usage: `prior` a day for the older 30, `recent` a day for the last 30. */
function usage(prior: number, recent: number): Point[] {
  return Array.from({ length: 60 }, (_, i) => ({ at: daysAgo(60 - i), value: i < 30 ? prior : recent }));
}

function workspace(tenantId: string, overrides: Partial<WorkspaceHistory> = {}): WorkspaceHistory {
  return {
    tenantId,
    createdAt: daysAgo(400),
    dailyUsage: usage(100, 100),
    lastSignInAt: daysAgo(1),
    paymentFailures: [],
    seats: [{ at: daysAgo(200), value: 10 }],
    planChanges: [],
    quotaPressure: 0.3,
    ...overrides,
  };
}

describe("churnRisk", () => {
  it("weights add up to 100", () => {
    expect(Object.values(CHURN_WEIGHTS).reduce((s, w) => s + w, 0)).toBe(100);
    expect(Object.values(EXPANSION_WEIGHTS).reduce((s, w) => s + w, 0)).toBe(100);
  });

  it("a steady, active workspace has no risk and no reasons", () => {
    expect(churnRisk(workspace("healthy"), NOW)).toEqual({ tenantId: "healthy", score: 0, reasons: [] });
  });

  it("a 60 % usage fall scores the full usage weight, with the figures behind it", () => {
    expect(churnRisk(workspace("falling", { dailyUsage: usage(100, 40) }), NOW)).toEqual({
      tenantId: "falling",
      score: 35,
      reasons: [{ code: "usageDecline", points: 35, percent: 60, recent: 1_200, prior: 3_000 }],
    });
  });

  it("every sign at once scores 100, each reason carrying its figure", () => {
    const worst = workspace("worst", {
      dailyUsage: usage(100, 30),
      lastSignInAt: daysAgo(40),
      paymentFailures: [daysAgo(10), daysAgo(40), daysAgo(200)],
      seats: [{ at: daysAgo(200), value: 10 }, { at: daysAgo(20), value: 4 }],
      planChanges: [{ at: daysAgo(15), fromPlanId: "pro", toPlanId: "starter" }],
    });
    expect(churnRisk(worst, NOW)).toEqual({
      tenantId: "worst",
      score: 100,
      reasons: [
        { code: "usageDecline", points: 35, percent: 70, recent: 900, prior: 3_000 },
        { code: "noSignIns", points: 25, days: 40 },
        { code: "paymentFailures", points: 20, count: 2 },
        { code: "seatsRemoved", points: 10, removed: 6, before: 10, now: 4 },
        { code: "downgrades", points: 10, count: 1, lastToPlanId: "starter" },
      ],
    });
  });

  it("scales partial signs: 18 days without a sign-in and a quarter of the seats gone", () => {
    const result = churnRisk(workspace("partial", { lastSignInAt: daysAgo(18), seats: [{ at: daysAgo(120), value: 8 }, { at: daysAgo(5), value: 6 }] }), NOW);
    // (18 - 7) / 23 x 25 = 11.96; 2/8 = 25 % of seats, half the weight.
    expect(result.reasons).toEqual([
      { code: "noSignIns", points: 12, days: 18 },
      { code: "seatsRemoved", points: 5, removed: 2, before: 8, now: 6 },
    ]);
    expect(result.score).toBe(17);
  });

  it("an upgrade is not a downgrade", () => {
    expect(churnRisk(workspace("up", { planChanges: [{ at: daysAgo(5), fromPlanId: "starter", toPlanId: "pro" }] }), NOW).score).toBe(0);
  });

  it("ranks healthy < falling usage < silent and falling < everything", () => {
    const list = [
      workspace("a-healthy"),
      workspace("b-worst", { dailyUsage: usage(100, 30), lastSignInAt: daysAgo(40), paymentFailures: [daysAgo(3)], planChanges: [{ at: daysAgo(15), fromPlanId: "enterprise", toPlanId: "pro" }] }),
      workspace("c-falling", { dailyUsage: usage(100, 50) }),
      workspace("d-silent-falling", { dailyUsage: usage(100, 50), lastSignInAt: daysAgo(35) }),
    ];
    expect(rankBy(list, NOW, churnRisk).map((s) => s.tenantId)).toEqual(["b-worst", "d-silent-falling", "c-falling", "a-healthy"]);
  });
});

describe("expansionPotential", () => {
  it("scores a workspace near its limits, growing and adding seats", () => {
    const growing = workspace("growing", { dailyUsage: usage(100, 150), quotaPressure: 0.9, quotaPressureMetric: "units", seats: [{ at: daysAgo(120), value: 10 }, { at: daysAgo(10), value: 13 }] });
    expect(expansionPotential(growing, NOW)).toEqual({
      tenantId: "growing",
      score: 88,
      reasons: [
        { code: "nearLimits", points: 37.5, percent: 90, metric: "units" },
        { code: "growth", points: 35, percent: 50, recent: 4_500, prior: 3_000 },
        { code: "seatsAdded", points: 15, added: 3, before: 10, now: 13 },
      ],
    });
  });

  it("gives nothing to a flat workspace far from its limits", () => {
    expect(expansionPotential(workspace("flat"), NOW).score).toBe(0);
  });

  it("treats usage from nothing as growth, not an infinite change", () => {
    const fresh = workspace("fresh", { dailyUsage: usage(0, 10) });
    expect(usageChange(fresh, NOW)).toEqual({ recent: 300, prior: 0, change: 1 });
    expect(expansionPotential(fresh, NOW).reasons).toContainEqual({ code: "growth", points: 35, percent: 100, recent: 300, prior: 0 });
  });
});

describe("the churn score on generated histories with known outcomes", () => {
  const generated = generateHistories({ seed: 2026, count: 2_000, now: NOW });

  it("the generator is deterministic per seed", () => {
    const again = generateHistories({ seed: 2026, count: 50, now: NOW });
    expect(again).toEqual(generated.slice(0, 50));
    expect(generateHistories({ seed: 7, count: 50, now: NOW })).not.toEqual(again);
    const churned = generated.filter((g) => g.outcome === "churn").length / generated.length;
    expect(churned).toBeGreaterThan(0.1);
    expect(churned).toBeLessThan(0.2);
  });

  it.each([2026, 1, 2])("beats the baseline 'usage fell 50 %%' on top-decile precision and recall (seed %i)", (seed) => {
    const workspaces = seed === 2026 ? generated : generateHistories({ seed, count: 2_000, now: NOW });
    const outcomes = workspaces.map((g) => ({ churned: g.outcome === "churn", risk: churnRisk(g.history, NOW).score, change: usageChange(g.history, NOW).change }));
    const score = precisionRecallAtTop(outcomes.map((o) => ({ score: o.risk, positive: o.churned })));
    // The baseline ranks by how far usage fell.
    const baseline = precisionRecallAtTop(outcomes.map((o) => ({ score: -o.change, positive: o.churned })));
    expect(score.top).toBe(200);
    expect(score.precision).toBeGreaterThan(baseline.precision + 0.15);
    expect(score.recall).toBeGreaterThan(baseline.recall);
    // The rule as a yes/no flag, against the score's top with as many workspaces.
    const flagged = outcomes.filter((o) => o.change <= -0.5);
    const rulePrecision = flagged.filter((o) => o.churned).length / flagged.length;
    const scoreAtRule = precisionRecallAtTop(outcomes.map((o) => ({ score: o.risk, positive: o.churned })), flagged.length / outcomes.length);
    expect(scoreAtRule.precision).toBeGreaterThan(rulePrecision);
  });
});
