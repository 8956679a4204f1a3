// Whether a workspace fits another plan, and what moving there costs it: the limits its current
// use breaks (a move is refused until they are met) and the features in use it would lose (the
// owner is told before confirming). Pure, so the billing page and the server's refusal agree.
import { FEATURE_LABELS, formatLimit, LIMIT_LABELS, PLAN_IDS, PLANS, raisedLimit, UNLIMITED, USAGE_METRICS, type Feature, type Limit, type LimitMetric, type PlanId, type UsageMetric } from "./plans";

/** What the workspace has in use now. */
export type InUse = {
  members: number;
  /** Keys that count against the limit: usable and not replaced by a rotation. */
  apiKeys: number;
  webhookEndpoints: number;
  /** Custom domains added (pending or verified). */
  customDomains: number;
  ssoEnabled: boolean;
  /** This period's totals (counters) and peaks (gauges). */
  usage: Partial<Record<UsageMetric, number>>;
};

/** The operator's overrides that apply (server/billing/entitlements.ts activeOverrides): they stay with the workspace on any plan. */
export type Overrides = { limits: Partial<Record<LimitMetric, Limit>>; features: Partial<Record<Feature, boolean>> };

export type OverLimit = { limit: LimitMetric; used: number; allowed: number };
export type FeatureLoss = { feature: Feature; detail: string };
export type PlanFit = { planId: PlanId; over: OverLimit[]; losing: FeatureLoss[] };

/** A plan lower in the catalogue (Starter < Pro < Enterprise < Custom). */
export function isLowerPlan(target: PlanId, than: PlanId): boolean {
  return PLAN_IDS.indexOf(target) < PLAN_IDS.indexOf(than);
}

function limitWith(planId: PlanId, metric: LimitMetric, overrides: Overrides): Limit {
  return raisedLimit(PLANS[planId].limits[metric], overrides.limits[metric]);
}

const featureWith = (planId: PlanId, feature: Feature, overrides: Overrides) => overrides.features[feature] ?? PLANS[planId].features[feature];

/** Usage metrics refused past the limit on `planId` (server/usage/quota.ts isHard). */
const hardOn = (planId: PlanId, metric: UsageMetric) => metric === "api_calls" || !PLANS[planId].overage;

export function planFit(planId: PlanId, inUse: InUse, overrides: Overrides = { limits: {}, features: {} }): PlanFit {
  const over: OverLimit[] = [];
  const check = (limit: LimitMetric, used: number) => {
    const allowed = limitWith(planId, limit, overrides);
    if (allowed !== UNLIMITED && used > allowed) over.push({ limit, used, allowed });
  };
  check("members", inUse.members);
  check("apiKeys", inUse.apiKeys);
  check("webhookEndpoints", inUse.webhookEndpoints);
  for (const metric of Object.keys(USAGE_METRICS) as UsageMetric[]) {
    if (hardOn(planId, metric)) check(USAGE_METRICS[metric].limit, inUse.usage[metric] ?? 0);
  }
  const losing: FeatureLoss[] = [];
  if (inUse.customDomains > 0 && !featureWith(planId, "customDomain", overrides)) {
    losing.push({ feature: "customDomain", detail: `${inUse.customDomains === 1 ? "your custom domain stops" : `your ${inUse.customDomains} custom domains stop`} serving the workspace` });
  }
  if (inUse.ssoEnabled && !featureWith(planId, "sso", overrides)) losing.push({ feature: "sso", detail: "members sign in with a password or passkey instead of your identity provider" });
  return { planId, over, losing };
}

const UNIT: Partial<Record<LimitMetric, [string, string]>> = {
  members: ["member", "members"],
  apiKeys: ["API key", "API keys"],
  webhookEndpoints: ["webhook endpoint", "webhook endpoints"],
};

/** "6 members, Starter allows 5: remove 1" and the like, one per limit broken. */
export function overLimitSentence(planId: PlanId, o: OverLimit): string {
  const plan = PLANS[planId].name;
  const unit = UNIT[o.limit];
  if (unit) {
    const excess = o.used - o.allowed;
    const verb = o.limit === "members" ? "remove" : o.limit === "apiKeys" ? "revoke" : "delete";
    return `${o.used.toLocaleString("en-US")} ${o.used === 1 ? unit[0] : unit[1]} in use, ${plan} allows ${formatLimit(o.allowed)}: ${verb} ${excess.toLocaleString("en-US")} first`;
  }
  return `${LIMIT_LABELS[o.limit]}: ${o.used.toLocaleString("en-US")} this period, over ${plan}'s limit of ${formatLimit(o.allowed)}`;
}

/** The refusal the server gives for a move the workspace does not fit. */
export function doesNotFitMessage(fit: PlanFit): string {
  return `This workspace does not fit ${PLANS[fit.planId].name} yet. ${fit.over.map((o) => overLimitSentence(fit.planId, o)).join("; ")}.`;
}

export function featureLossSentence(loss: FeatureLoss): string {
  return `${FEATURE_LABELS[loss.feature]}: ${loss.detail}`;
}
