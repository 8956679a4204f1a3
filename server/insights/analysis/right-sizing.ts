import { WARNING_RATIO } from "../../../lib/quota-level";
import { LIMIT_METRICS, PLANS, raisedLimit, UNLIMITED, USAGE_METRICS, priceCents, type BillingInterval, type Feature, type Limit, type LimitMetric, type Plan, type PlanId, type UsageMetric, type Currency } from "../../../lib/plans";
import { round } from "./stats";

/**
 * Plan right-sizing with money, from the catalog in lib/plans.ts.
 *
 * Downgrade: over the last RIGHT_SIZING_PERIODS complete periods, the highest share of the
 * current plan used by any limit ("at most X % of Pro"). A cheaper self-serve plan is
 * recommended only when every feature in use is in it and every observed peak stays within
 * WARNING_RATIO (80 %) of its limits, so the workspace would not start its new plan in the
 * warning band. The one exception is usage units on a plan that bills overage at a known price:
 * there the expected overage is added to the plan's cost. The plan with the largest monthly
 * saving (price plus expected overage, against the same for the current plan) wins; nothing is
 * recommended without a saving. When the peak requests per minute are unknown, a plan with a
 * lower rate limit than today's is never recommended.
 *
 * Overage: when this period's projected usage units exceed the limit of a plan that bills
 * overage, its cost, and the higher plan that becomes cheaper first with the units at which it
 * does (break-even: the current plan's price plus overage equals the higher plan's cost).
 *
 * Upgrade: when this period's projected usage passes a hard limit (API calls always; every
 * metric on a plan without overage, as server/usage/quota.ts decides), the cheapest higher plan
 * whose limit holds it, or null when only a custom plan would.
 */
export const RIGHT_SIZING_PERIODS = 3;
export const DOWNGRADE_HEADROOM = WARNING_RATIO;

/** The limit that overage is billed against (quota.ts: only usage units; API calls are always hard). */
const OVERAGE_METRIC = "units" satisfies UsageMetric;
const OVERAGE_LIMIT: LimitMetric = "usageUnitsPerMonth";

export type PeriodUsage = {
  start: Date;
  end: Date;
  /** Counters: the period's total; gauges: its peak (server/usage/quota.ts periodTotals). */
  totals: Partial<Record<UsageMetric, number>>;
};

export type InUse = {
  features: readonly Feature[];
  members: number;
  apiKeys: number;
  webhookEndpoints: number;
  /** The highest requests in one minute seen lately; null when unknown. */
  peakRequestsPerMinute: number | null;
};

export type RightSizingInput = {
  planId: PlanId;
  interval: BillingInterval;
  /** The workspace's billing currency: prices and overage rates (overageCentsPerUnit) are in it. */
  currency?: Currency;
  /** Past periods, oldest first; the last RIGHT_SIZING_PERIODS that ended by `now` are used. */
  periods: readonly PeriodUsage[];
  inUse: InUse;
  /** This period's projected totals (forecast.ts), for the overage case. */
  projected?: Partial<Record<UsageMetric, number>>;
  /** Price of one usage unit beyond the limit, in cents, for plans that bill overage. */
  overageCentsPerUnit: Partial<Record<PlanId, number>>;
  /**
   * The operator's overrides for this workspace (server/billing/entitlements.ts): they stay with
   * the workspace whatever its plan, so every plan is judged with them (a raised limit is the
   * limit, a granted feature is there). Two sets, so an override about to lapse misleads nobody:
   * `throughPeriod`, those that last to the end of this period, for this period's overage and
   * upgrades; `lasting`, those without an end, for a downgrade the workspace would live with.
   */
  overrides?: { throughPeriod: ActiveOverrides; lasting: ActiveOverrides };
  now: Date;
};

export type ActiveOverrides = { limits: Partial<Record<LimitMetric, Limit>>; features: Partial<Record<Feature, boolean>> };

/** `plan` as this workspace would have it: entitlements.ts limitOf (an override only raises) and can. */
function withOverrides(plan: Plan, overrides: ActiveOverrides | undefined): Plan {
  if (!overrides) return plan;
  const limits = { ...plan.limits };
  for (const [metric, raised] of Object.entries(overrides.limits) as [LimitMetric, Limit][]) limits[metric] = raisedLimit(limits[metric], raised);
  return { ...plan, limits, features: { ...plan.features, ...overrides.features } };
}

type OverrideSet = keyof NonNullable<RightSizingInput["overrides"]>;
/** Every catalogue plan, and the current one, as the workspace would have it with one set of overrides. */
const plansFor = (input: RightSizingInput, set: OverrideSet): Plan[] => Object.values(PLANS).map((plan) => withOverrides(plan, input.overrides?.[set]));
const currentPlan = (input: RightSizingInput, set: OverrideSet): Plan => withOverrides(PLANS[input.planId], input.overrides?.[set]);

/** Every money figure in a fact is in its `currency` (absent in reports made before euros: dollars). */
export type DowngradeFact = {
  kind: "downgrade";
  currency?: Currency;
  fromPlanId: PlanId;
  toPlanId: PlanId;
  periods: number;
  /** The highest share of the current plan used, rounded up: "at most X %". */
  maxUsedPercent: number;
  bindingLimit: LimitMetric;
  currentMonthlyCents: number;
  targetMonthlyCents: number;
  /** Average monthly overage the target plan would have billed over those periods. */
  targetOverageCents: number;
  monthlySavingsCents: number;
};

export type OverageFact = {
  kind: "overage";
  currency?: Currency;
  planId: PlanId;
  projectedUnits: number;
  limit: number;
  overageUnits: number;
  overageCents: number;
  /** The higher plan that becomes cheaper first, and from how many units. */
  alternative: { planId: PlanId; breakEvenUnits: number; cheaperNow: boolean; savingsCents: number } | null;
};

export type Rejection = { planId: PlanId; reason: "feature"; feature: Feature } | { planId: PlanId; reason: "limit"; limit: LimitMetric; peak: number | null; allowed: number } | { planId: PlanId; reason: "no-saving" };

export type UpgradeFact = {
  kind: "upgrade";
  currency?: Currency;
  planId: PlanId;
  metric: UsageMetric;
  limit: number;
  projected: number;
  /** The cheapest higher self-serve plan whose limit holds the projection; null: only a custom plan. */
  toPlanId: PlanId | null;
  newLimit: Limit | null;
  extraMonthlyCents: number | null;
};

export type RightSizing = { downgrade: DowngradeFact | null; overage: OverageFact | null; upgrades: UpgradeFact[]; rejected: Rejection[] };

const monthlyCents = (plan: Plan, interval: BillingInterval, currency: Currency = "usd"): number | null => {
  const price = priceCents(plan, interval, currency);
  return price === null ? null : interval === "year" ? price / 12 : price;
};

/** The peak of each limit over the periods (and the current counts), null when unknown. */
function peaks(periods: readonly PeriodUsage[], inUse: InUse): Record<LimitMetric, number | null> {
  // Each metered metric against its limit (lib/plans.ts USAGE_METRICS).
  const metered = (metric: UsageMetric) => Math.max(0, ...periods.map((p) => p.totals[metric] ?? 0));
  return {
    members: inUse.members,
    apiCallsPerMonth: metered("api_calls"),
    usageUnitsPerMonth: metered("units"),
    storageGb: metered("storage_gb"),
    apiRequestsPerMinute: inUse.peakRequestsPerMinute,
    apiKeys: inUse.apiKeys,
    webhookEndpoints: inUse.webhookEndpoints,
  };
}

/** Average monthly overage a plan bills for these periods; null when it would refuse the usage instead. */
function overageCents(plan: Plan, periods: readonly PeriodUsage[], rates: RightSizingInput["overageCentsPerUnit"]): number | null {
  const limit = plan.limits[OVERAGE_LIMIT];
  if (limit === UNLIMITED) return 0;
  const over = periods.map((p) => Math.max(0, (p.totals[OVERAGE_METRIC] ?? 0) - limit));
  if (over.every((u) => u === 0)) return 0;
  const rate = rates[plan.id];
  if (!plan.overage || rate === undefined) return null;
  return (over.reduce((s, u) => s + u, 0) / over.length) * rate;
}

/** Why `target` cannot take this workspace, or null. Usage units on a plan that bills overage at a known price are a cost (overageCents), not a limit. */
function rejectionFor(target: Plan, current: Plan, peak: Record<LimitMetric, number | null>, inUse: InUse, rates: RightSizingInput["overageCentsPerUnit"]): Rejection | null {
  const feature = inUse.features.find((f) => !target.features[f]);
  if (feature) return { planId: target.id, reason: "feature", feature };
  const billsOverage = target.overage && rates[target.id] !== undefined;
  for (const limit of LIMIT_METRICS) {
    const allowed = target.limits[limit];
    if (allowed === UNLIMITED || (limit === OVERAGE_LIMIT && billsOverage)) continue;
    const observed = peak[limit];
    if (observed === null) {
      const today = current.limits[limit];
      if (today === UNLIMITED || today > allowed) return { planId: target.id, reason: "limit", limit, peak: null, allowed };
      continue;
    }
    if (observed > allowed * DOWNGRADE_HEADROOM) return { planId: target.id, reason: "limit", limit, peak: observed, allowed };
  }
  return null;
}

function downgrade(input: RightSizingInput, rejected: Rejection[]): DowngradeFact | null {
  const current = currentPlan(input, "lasting");
  const currentPrice = monthlyCents(current, input.interval, input.currency);
  const periods = input.periods.filter((p) => p.end <= input.now).slice(-RIGHT_SIZING_PERIODS);
  if (currentPrice === null || periods.length < RIGHT_SIZING_PERIODS) return null;
  const peak = peaks(periods, input.inUse);

  let maxUsed = 0;
  let bindingLimit: LimitMetric = OVERAGE_LIMIT;
  for (const limit of LIMIT_METRICS) {
    const allowed = current.limits[limit];
    const observed = peak[limit];
    if (allowed === UNLIMITED || observed === null || allowed <= 0) continue;
    if (observed / allowed > maxUsed) [maxUsed, bindingLimit] = [observed / allowed, limit];
  }
  const currentCost = currentPrice + (overageCents(current, periods, input.overageCentsPerUnit) ?? 0);

  let best: DowngradeFact | null = null;
  for (const target of plansFor(input, "lasting")) {
    const price = monthlyCents(target, input.interval, input.currency);
    if (target.id === current.id || !target.selfServe || price === null || price >= currentPrice) continue;
    const overage = overageCents(target, periods, input.overageCentsPerUnit);
    const rejection = rejectionFor(target, current, peak, input.inUse, input.overageCentsPerUnit);
    if (rejection) {
      rejected.push(rejection);
      continue;
    }
    const savings = currentCost - price - (overage ?? 0);
    if (savings <= 0) {
      rejected.push({ planId: target.id, reason: "no-saving" });
      continue;
    }
    if (best && best.monthlySavingsCents >= Math.round(savings)) continue;
    best = {
      kind: "downgrade",
      fromPlanId: current.id,
      toPlanId: target.id,
      periods: periods.length,
      maxUsedPercent: Math.ceil(round(maxUsed * 100, 6)),
      bindingLimit,
      currentMonthlyCents: Math.round(currentCost),
      targetMonthlyCents: Math.round(price),
      targetOverageCents: Math.round(overage ?? 0),
      monthlySavingsCents: Math.round(savings),
    };
  }
  return best;
}

/** Units at which `higher` (price plus its overage) costs no more than `current` (price plus overage); null if never. */
function breakEven(current: { price: number; limit: number; rate: number }, higher: { price: number; limit: number | null; rate: number | undefined }): number | null {
  const withinHigher = current.limit + (higher.price - current.price) / current.rate;
  if (higher.limit === null || withinHigher <= higher.limit) return Math.ceil(round(withinHigher, 6));
  if (higher.rate === undefined || higher.rate >= current.rate) return null;
  // Both in overage: price_c + (u - L_c) r_c = price_h + (u - L_h) r_h.
  const both = (higher.price - current.price + current.limit * current.rate - higher.limit * higher.rate) / (current.rate - higher.rate);
  return Math.ceil(round(both, 6));
}

function overage(input: RightSizingInput): OverageFact | null {
  const current = currentPlan(input, "throughPeriod");
  const limit = current.limits[OVERAGE_LIMIT];
  const projected = input.projected?.[OVERAGE_METRIC];
  const rate = input.overageCentsPerUnit[current.id];
  const price = monthlyCents(current, input.interval, input.currency);
  if (limit === UNLIMITED || projected === undefined || projected <= limit || !current.overage || rate === undefined || price === null) return null;
  const overageUnits = projected - limit;
  const costAt = (plan: Plan, planPrice: number, units: number): number | null => {
    const planLimit = plan.limits[OVERAGE_LIMIT];
    if (planLimit === UNLIMITED || units <= planLimit) return planPrice;
    // A plan without an overage price refuses usage past its limit: it cannot be cheaper there.
    const planRate = input.overageCentsPerUnit[plan.id];
    return planRate === undefined ? null : planPrice + (units - planLimit) * planRate;
  };
  let alternative: OverageFact["alternative"] = null;
  for (const higher of plansFor(input, "throughPeriod")) {
    const higherPrice = monthlyCents(higher, input.interval, input.currency);
    if (!higher.selfServe || higherPrice === null || higherPrice <= price) continue;
    if (input.inUse.features.some((f) => !higher.features[f])) continue;
    const higherLimit = higher.limits[OVERAGE_LIMIT];
    const units = breakEven({ price, limit, rate }, { price: higherPrice, limit: higherLimit === UNLIMITED ? null : higherLimit, rate: input.overageCentsPerUnit[higher.id] });
    if (units === null || (alternative && alternative.breakEvenUnits <= units)) continue;
    const higherCost = costAt(higher, higherPrice, projected);
    const savings = higherCost === null ? 0 : price + overageUnits * rate - higherCost;
    alternative = { planId: higher.id, breakEvenUnits: units, cheaperNow: projected > units, savingsCents: Math.max(0, Math.round(savings)) };
  }
  return { kind: "overage", planId: current.id, projectedUnits: projected, limit, overageUnits, overageCents: Math.round(overageUnits * rate), alternative };
}

/** server/usage/quota.ts isHard: API calls are always refused past the limit; the rest unless the plan bills overage. */
const isHard = (plan: Plan, metric: UsageMetric) => metric === "api_calls" || !plan.overage;

function upgrades(input: RightSizingInput): UpgradeFact[] {
  const current = currentPlan(input, "throughPeriod");
  const price = monthlyCents(current, input.interval, input.currency);
  return (Object.keys(USAGE_METRICS) as UsageMetric[]).flatMap((metric): UpgradeFact[] => {
    const limit = current.limits[USAGE_METRICS[metric].limit];
    const projected = input.projected?.[metric];
    if (limit === UNLIMITED || projected === undefined || projected <= limit || !isHard(current, metric)) return [];
    const candidates = plansFor(input, "throughPeriod")
      .map((plan) => ({ plan, price: monthlyCents(plan, input.interval, input.currency) }))
      .filter(({ plan, price: p }) => {
        const allowed = plan.limits[USAGE_METRICS[metric].limit];
        return plan.selfServe && p !== null && price !== null && p > price && (allowed === UNLIMITED || allowed >= projected) && input.inUse.features.every((f) => plan.features[f]);
      })
      .sort((a, b) => (a.price ?? 0) - (b.price ?? 0));
    const best = candidates[0];
    const extra = best && best.price !== null && price !== null ? Math.round(best.price - price) : null;
    return [{ kind: "upgrade", planId: current.id, metric, limit, projected, toPlanId: best?.plan.id ?? null, newLimit: best ? best.plan.limits[USAGE_METRICS[metric].limit] : null, extraMonthlyCents: extra }];
  });
}

export function rightSize(input: RightSizingInput): RightSizing {
  const rejected: Rejection[] = [];
  const currency = input.currency ?? "usd";
  const down = downgrade(input, rejected);
  const over = overage(input);
  return { downgrade: down && { ...down, currency }, overage: over && { ...over, currency }, upgrades: upgrades(input).map((u) => ({ ...u, currency })), rejected };
}
