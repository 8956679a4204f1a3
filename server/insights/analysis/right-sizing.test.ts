import { describe, expect, it } from "vitest";
import { rightSize, type InUse, type PeriodUsage, type RightSizingInput } from "./right-sizing";
import { downgradeSentence, overageSentence, upgradeSentence } from "./right-sizing-sentences";

const d = (s: string) => new Date(s);

/** Monthly periods from August 2026, one per totals given. */
function periods(...totals: PeriodUsage["totals"][]): PeriodUsage[] {
  return totals.map((t, i) => ({ start: new Date(Date.UTC(2026, 7 + i, 1)), end: new Date(Date.UTC(2026, 8 + i, 1)), totals: t }));
}

const SMALL: PeriodUsage["totals"] = { api_calls: 60_000, units: 7_000, storage_gb: 6 };
const SMALL_TEAM: InUse = { features: [], members: 4, apiKeys: 2, webhookEndpoints: 1, peakRequestsPerMinute: 45 };
// Overage prices: 0.1 cent a unit on Pro ($1 per 1,000), 0.05 on Enterprise.
const RATES = { pro: 0.1, enterprise: 0.05 };

function input(overrides: Partial<RightSizingInput> = {}): RightSizingInput {
  return { planId: "pro", interval: "month", periods: periods({ ...SMALL, units: 5_000 }, SMALL, { ...SMALL, units: 6_500 }), inUse: SMALL_TEAM, overageCentsPerUnit: RATES, now: d("2026-11-15T00:00:00Z"), ...overrides };
}

describe("rightSize: downgrade", () => {
  it("a small Pro workspace should move to Starter and save $70 a month", () => {
    const { downgrade } = rightSize(input());
    // Members are the largest share of Pro: 4 of 25 = 16 %.
    expect(downgrade).toEqual({
      kind: "downgrade",
      currency: "usd",
      fromPlanId: "pro",
      toPlanId: "starter",
      periods: 3,
      maxUsedPercent: 16,
      bindingLimit: "members",
      currentMonthlyCents: 9_900,
      targetMonthlyCents: 2_900,
      targetOverageCents: 0,
      monthlySavingsCents: 7_000,
    });
    expect(downgradeSentence(downgrade!)).toBe("At most 16 % of Pro used in the last three periods — Starter saves $70 a month.");
  });

  it("in a euro workspace, prices and savings are in euros", () => {
    const { downgrade } = rightSize(input({ currency: "eur" }));
    expect(downgrade).toMatchObject({ currency: "eur", currentMonthlyCents: 8_900, targetMonthlyCents: 2_700, monthlySavingsCents: 6_200 });
    expect(downgradeSentence(downgrade!)).toBe("At most 16 % of Pro used in the last three periods — Starter saves €62 a month.");
  });

  it("compares yearly prices per month", () => {
    // Pro $990 and Starter $290 a year: $58.33 a month.
    expect(rightSize(input({ interval: "year" })).downgrade?.monthlySavingsCents).toBe(5_833);
  });

  it("must not downgrade when a feature in use is missing from the cheaper plan", () => {
    const result = rightSize(input({ inUse: { ...SMALL_TEAM, features: ["customDomain"] } }));
    expect(result.downgrade).toBeNull();
    expect(result.rejected).toEqual([{ planId: "starter", reason: "feature", feature: "customDomain" }]);
  });

  it("must not downgrade when a hard limit would be broken: six members on Starter's five", () => {
    const result = rightSize(input({ inUse: { ...SMALL_TEAM, members: 6 } }));
    expect(result.downgrade).toBeNull();
    expect(result.rejected).toEqual([{ planId: "starter", reason: "limit", limit: "members", peak: 6, allowed: 5 }]);
  });

  it("must not downgrade into the warning band: one period's 9,500 units is 95 % of Starter's hard 10,000", () => {
    const result = rightSize(input({ periods: periods(SMALL, { ...SMALL, units: 9_500 }, SMALL) }));
    expect(result.downgrade).toBeNull();
    expect(result.rejected).toEqual([{ planId: "starter", reason: "limit", limit: "usageUnitsPerMonth", peak: 9_500, allowed: 10_000 }]);
  });

  it("must not lower the rate limit when the peak requests per minute are unknown", () => {
    const result = rightSize(input({ inUse: { ...SMALL_TEAM, peakRequestsPerMinute: null } }));
    expect(result.downgrade).toBeNull();
    expect(result.rejected).toEqual([{ planId: "starter", reason: "limit", limit: "apiRequestsPerMinute", peak: null, allowed: 60 }]);
  });

  it("needs three complete periods", () => {
    expect(rightSize(input({ periods: periods(SMALL, SMALL) })).downgrade).toBeNull();
    // The third period has not ended yet at `now`.
    expect(rightSize(input({ now: d("2026-10-15T00:00:00Z") })).downgrade).toBeNull();
  });

  it("an Enterprise workspace using SSO stays on Enterprise", () => {
    const result = rightSize(input({ planId: "enterprise", inUse: { ...SMALL_TEAM, features: ["sso"] } }));
    expect(result.downgrade).toBeNull();
    expect(result.rejected.map((r) => r.planId).sort()).toEqual(["pro", "starter"]);
  });

  it("an Enterprise workspace without SSO picks the plan that saves most, counting the overage it would pay", () => {
    // 150,000 units on Pro: 50,000 over at 0.1 cent = $50, so Pro costs $149 against Enterprise's $299.
    const team: InUse = { features: ["customDomain"], members: 12, apiKeys: 8, webhookEndpoints: 3, peakRequestsPerMinute: 300 };
    const busy = { api_calls: 500_000, units: 150_000, storage_gb: 40 };
    const result = rightSize(input({ planId: "enterprise", periods: periods(busy, busy, busy), inUse: team }));
    expect(result.downgrade).toMatchObject({ toPlanId: "pro", targetMonthlyCents: 9_900, targetOverageCents: 5_000, monthlySavingsCents: 15_000, maxUsedPercent: 15, bindingLimit: "usageUnitsPerMonth" });
    expect(downgradeSentence(result.downgrade!)).toBe("At most 15 % of Enterprise used in the last three periods — Pro saves $150 a month, after about $50 of overage.");
  });

  it("treats units on a plan that bills overage as a cost, not a limit: 90 % of Pro's units is fine", () => {
    const team: InUse = { features: [], members: 12, apiKeys: 8, webhookEndpoints: 3, peakRequestsPerMinute: 300 };
    const busy = { api_calls: 500_000, units: 90_000, storage_gb: 40 };
    expect(rightSize(input({ planId: "enterprise", periods: periods(busy, busy, busy), inUse: team })).downgrade).toMatchObject({ toPlanId: "pro", targetOverageCents: 0, monthlySavingsCents: 20_000 });
    // Without an overage price for Pro, its units limit is a hard one, and 90 % is too close.
    const result = rightSize(input({ planId: "enterprise", periods: periods(busy, busy, busy), inUse: team, overageCentsPerUnit: {} }));
    expect(result.downgrade).toBeNull();
    expect(result.rejected).toContainEqual({ planId: "pro", reason: "limit", limit: "usageUnitsPerMonth", peak: 90_000, allowed: 100_000 });
  });

  it("recommends nothing from a plan without a list price", () => {
    expect(rightSize(input({ planId: "custom" })).downgrade).toBeNull();
  });
});

describe("rightSize: overage", () => {
  it("prices this period's overage and names the plan that is cheaper above the break-even", () => {
    // Pro: 300,000 units over at 0.1 cent = $300. Enterprise ($200 more) is cheaper above 100,000 + 200,000 units.
    const { overage } = rightSize(input({ projected: { units: 400_000 } }));
    expect(overage).toEqual({
      kind: "overage",
      currency: "usd",
      planId: "pro",
      projectedUnits: 400_000,
      limit: 100_000,
      overageUnits: 300_000,
      overageCents: 30_000,
      alternative: { planId: "enterprise", breakEvenUnits: 300_000, cheaperNow: true, savingsCents: 10_000 },
    });
    expect(overageSentence(overage!)).toBe("This period's overage will cost about $300 (300,000 units over 100,000) — Enterprise is cheaper above 300,000 units.");
  });

  it("says so also when the higher plan is not yet cheaper", () => {
    const { overage } = rightSize(input({ projected: { units: 150_000 } }));
    expect(overage).toMatchObject({ overageCents: 5_000, alternative: { planId: "enterprise", breakEvenUnits: 300_000, cheaperNow: false, savingsCents: 0 } });
  });

  it("never claims a saving on a plan that would refuse the usage", () => {
    // 1.5 million units are past Enterprise's limit too, and Enterprise's overage price is unknown.
    const { overage } = rightSize(input({ projected: { units: 1_500_000 }, overageCentsPerUnit: { pro: 0.1 } }));
    expect(overage).toMatchObject({ overageCents: 140_000, alternative: { planId: "enterprise", breakEvenUnits: 300_000, cheaperNow: true, savingsCents: 0 } });
  });

  it("has no overage within the limit, on a plan with a hard limit, or without a price", () => {
    expect(rightSize(input({ projected: { units: 90_000 } })).overage).toBeNull();
    expect(rightSize(input({ planId: "starter", projected: { units: 20_000 } })).overage).toBeNull();
    expect(rightSize(input({ projected: { units: 400_000 }, overageCentsPerUnit: {} })).overage).toBeNull();
  });
});

describe("rightSize: upgrade past a hard limit", () => {
  it("a Starter workspace heading for 14,000 units needs Pro, $70 more a month", () => {
    const { upgrades, overage } = rightSize(input({ planId: "starter", projected: { units: 14_000, api_calls: 50_000 } }));
    expect(overage).toBeNull();
    expect(upgrades).toEqual([{ kind: "upgrade", currency: "usd", planId: "starter", metric: "units", limit: 10_000, projected: 14_000, toPlanId: "pro", newLimit: 100_000, extraMonthlyCents: 7_000 }]);
    expect(upgradeSentence(upgrades[0]!)).toBe("Usage units this period will pass Starter's hard limit of 10,000 (about 14,000) — Pro raises it to 100,000 for $70 more a month.");
  });

  it("API calls are hard on every plan; past Enterprise only a custom plan holds them", () => {
    const { upgrades } = rightSize(input({ planId: "pro", projected: { api_calls: 2_500_000 } }));
    expect(upgrades).toMatchObject([{ metric: "api_calls", toPlanId: "enterprise", newLimit: 10_000_000, extraMonthlyCents: 20_000 }]);
    const beyond = rightSize(input({ planId: "enterprise", projected: { api_calls: 12_000_000 } })).upgrades;
    expect(beyond).toMatchObject([{ metric: "api_calls", toPlanId: null, extraMonthlyCents: null }]);
    expect(upgradeSentence(beyond[0]!)).toBe("API calls this period will pass Enterprise's hard limit of 10,000,000 (about 12,000,000) — only a custom plan holds that; talk to us.");
  });

  it("units over Pro's limit are overage, not an upgrade", () => {
    expect(rightSize(input({ projected: { units: 150_000 } })).upgrades).toEqual([]);
  });
});

describe("rightSize: the operator's overrides stay with the workspace on every plan", () => {
  const NONE = { limits: {}, features: {} };
  /** Overrides without an end: they count for this period and for a downgrade alike. */
  const lasting = (o: { limits?: object; features?: object }) => {
    const set = { limits: {}, features: {}, ...o };
    return { throughPeriod: set, lasting: set };
  };

  it("no upgrade when an override already raises the limit the projection passes", () => {
    const raised = lasting({ limits: { usageUnitsPerMonth: 20_000 } });
    expect(rightSize(input({ planId: "starter", projected: { units: 14_000 }, overrides: raised })).upgrades).toEqual([]);
    // Past the raised limit, the upgrade names it.
    expect(rightSize(input({ planId: "starter", projected: { units: 24_000 }, overrides: raised })).upgrades).toMatchObject([{ metric: "units", limit: 20_000, toPlanId: "pro" }]);
  });

  it("an override that lapses before the period ends does not hide the upgrade", () => {
    // Raised until mid-period: not among the overrides lasting through it.
    const lapsing = { throughPeriod: NONE, lasting: NONE };
    expect(rightSize(input({ planId: "starter", projected: { units: 14_000 }, overrides: lapsing })).upgrades).toMatchObject([{ metric: "units", limit: 10_000, toPlanId: "pro" }]);
  });

  it("a downgrade may keep a feature the operator granted for good, and a raised limit that holds the team", () => {
    // SSO in use and granted by override: Starter still has it. Eight members fit the raised 12.
    const team = { ...SMALL_TEAM, members: 8, features: ["sso" as const] };
    expect(rightSize(input({ inUse: team })).downgrade).toBeNull();
    expect(rightSize(input({ inUse: team, overrides: lasting({ limits: { members: 12 }, features: { sso: true } }) })).downgrade).toMatchObject({ toPlanId: "starter", monthlySavingsCents: 7_000 });
    // The same grant with an end date is not something to downgrade onto.
    const ending = { limits: { members: 12 }, features: { sso: true } };
    expect(rightSize(input({ inUse: team, overrides: { throughPeriod: ending, lasting: NONE } })).downgrade).toBeNull();
  });

  it("the share of the plan used is of the workspace's own limits", () => {
    // Four members of a raised 100 (not 16 % of Pro's 25): the largest share is now 2 of 20 API keys.
    const { downgrade } = rightSize(input({ overrides: lasting({ limits: { members: 100 } }) }));
    expect(downgrade).toMatchObject({ maxUsedPercent: 10, bindingLimit: "apiKeys" });
  });
});
