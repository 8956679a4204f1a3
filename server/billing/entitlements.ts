import { DEFAULT_PLAN_ID, PLANS, TRIAL_PLAN_ID, UNLIMITED, type Feature, type Limit, type LimitMetric, type Plan, type PlanId } from "./catalog";

export type PlanOverrides = { features?: Partial<Record<Feature, boolean>>; limits?: Partial<Record<LimitMetric, Limit>> };

export type EntitlementSubject = {
  status: string;
  planId: string | null;
  overrides?: PlanOverrides | null;
};

/** The plan whose limits apply now: the trial plan while trialing, else the paid plan or the default. */
export function effectivePlan(tenant: EntitlementSubject): Plan {
  if (tenant.status === "trialing") return PLANS[TRIAL_PLAN_ID];
  const id = (tenant.planId ?? DEFAULT_PLAN_ID) as PlanId;
  return PLANS[id] ?? PLANS[DEFAULT_PLAN_ID];
}

/** Whether the tenant may use a feature (catalog plus per-tenant operator overrides). */
export function can(tenant: EntitlementSubject, feature: Feature): boolean {
  const override = tenant.overrides?.features?.[feature];
  if (override !== undefined) return override;
  return effectivePlan(tenant).features[feature];
}

/** The tenant's limit for a metric; an override only ever raises it. */
export function limitOf(tenant: EntitlementSubject, metric: LimitMetric): Limit {
  const base = effectivePlan(tenant).limits[metric];
  const override = tenant.overrides?.limits?.[metric];
  if (override === undefined) return base;
  if (base === UNLIMITED || override === UNLIMITED) return UNLIMITED;
  return Math.max(base, override);
}

/** Whether `used + adding` stays within the limit. */
export function withinLimit(limit: Limit, used: number, adding = 1): boolean {
  return limit === UNLIMITED || used + adding <= limit;
}
