import { DEFAULT_PLAN_ID, PLANS, raisedLimit, TRIAL_PLAN_ID, UNLIMITED, type Feature, type Limit, type LimitMetric, type Plan, type PlanId } from "../../lib/plans";

export type PlanOverrides = {
  features?: Partial<Record<Feature, boolean>>;
  limits?: Partial<Record<LimitMetric, Limit>>;
  /** When an override stops applying (ISO timestamps); an override without one applies until changed. */
  until?: { features?: Partial<Record<Feature, string>>; limits?: Partial<Record<LimitMetric, string>> };
};

/** Whether an override with this end (ISO timestamp, or none) still applies at `now`. */
function stillApplies(until: string | undefined, now: Date): boolean {
  return until === undefined || Date.parse(until) > now.getTime();
}

export type EntitlementSubject = {
  status: string;
  planId: string | null;
  overrides?: PlanOverrides | null;
};

const planOf = (id: string | null): Plan | null => (id !== null && Object.hasOwn(PLANS, id) ? PLANS[id as PlanId] : null);

/**
 * The plan whose limits and features apply now, and the one answer every surface gives (the
 * dashboard, the billing page, `GET /api/v1/entitlements`): Atrium's own trial gets the trial
 * plan; a trial the provider runs for a chosen plan gets that plan; otherwise the paid plan, or
 * the default one.
 */
export function effectivePlan(tenant: EntitlementSubject): Plan {
  if (tenant.status === "trialing") return planOf(tenant.planId) ?? PLANS[TRIAL_PLAN_ID];
  return planOf(tenant.planId) ?? PLANS[DEFAULT_PLAN_ID];
}

/** The overrides that apply at `now`: what can() and limitOf() would use, for code that judges other plans. */
export function activeOverrides(overrides: PlanOverrides | null | undefined, now: Date): { features: Partial<Record<Feature, boolean>>; limits: Partial<Record<LimitMetric, Limit>> } {
  const applying = <K extends string, V>(values: Partial<Record<K, V>> | undefined, until: Partial<Record<K, string>> | undefined) =>
    Object.fromEntries(Object.entries(values ?? {}).filter(([key, value]) => value !== undefined && stillApplies(until?.[key as K], now))) as Partial<Record<K, V>>;
  return { features: applying(overrides?.features, overrides?.until?.features), limits: applying(overrides?.limits, overrides?.until?.limits) };
}

/** Whether the tenant may use a feature (catalog plus per-tenant operator overrides). */
export function can(tenant: EntitlementSubject, feature: Feature, now: Date = new Date()): boolean {
  const override = tenant.overrides?.features?.[feature];
  if (override !== undefined && stillApplies(tenant.overrides?.until?.features?.[feature], now)) return override;
  return effectivePlan(tenant).features[feature];
}

/** The tenant's limit for a metric; an override only ever raises it. */
export function limitOf(tenant: EntitlementSubject, metric: LimitMetric, now: Date = new Date()): Limit {
  const base = effectivePlan(tenant).limits[metric];
  const override = tenant.overrides?.limits?.[metric];
  if (override === undefined || !stillApplies(tenant.overrides?.until?.limits?.[metric], now)) return base;
  return raisedLimit(base, override);
}

/** The workspace row's fields admission checks read (a move to a lower plan may be under way). */
export type AdmissionSubject = EntitlementSubject & { pendingPlanId?: string | null; pendingPlanUntil?: Date | null };

/**
 * The limit a new member, API key or webhook endpoint is admitted under: the workspace's own,
 * or, while a move to a lower plan is being made at the provider (server/billing/plan-fit.ts
 * holdPlanFit), the lower of it and the new plan's, so the move cannot land on a plan the
 * workspace no longer fits.
 */
export function admissionLimit(tenant: AdmissionSubject, metric: LimitMetric, now: Date = new Date()): Limit {
  const current = limitOf(tenant, metric, now);
  if (!tenant.pendingPlanId || !tenant.pendingPlanUntil || tenant.pendingPlanUntil <= now) return current;
  const pending = limitOf({ status: "active", planId: tenant.pendingPlanId, overrides: tenant.overrides }, metric, now);
  if (current === UNLIMITED) return pending;
  return pending === UNLIMITED ? current : Math.min(current, pending);
}

/** The plan a move under way holds this metric to (its name, for refusals), or null when the workspace's own limit applies. */
export function planChangeUnderWay(tenant: AdmissionSubject, metric: LimitMetric, now: Date = new Date()): string | null {
  const limit = admissionLimit(tenant, metric, now);
  if (limit === limitOf(tenant, metric, now)) return null;
  return planOf(tenant.pendingPlanId ?? null)?.name ?? null;
}

/** Whether `used + adding` stays within the limit. */
export function withinLimit(limit: Limit, used: number, adding = 1): boolean {
  return limit === UNLIMITED || used + adding <= limit;
}
