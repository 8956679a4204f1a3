import { overageCentsPerThousand, PLAN_IDS, USAGE_METRICS, type Currency, type PlanId, type UsageMetric } from "../../lib/plans";
import { findAnomalies, type Anomaly } from "./analysis/anomalies";
import { churnRisk, expansionPotential, type ChurnReason, type ExpansionReason, type Scored } from "./analysis/churn-risk";
import { forecastQuotas, type QuotaForecast } from "./analysis/forecast";
import { apiKeyFindings, inactiveMembers } from "./analysis/hygiene";
import { rightSize, type RightSizing } from "./analysis/right-sizing";
import { downgradeSentence, overageSentence, upgradeSentence } from "./analysis/right-sizing-sentences";
import { DAY_MS, type Point, type Window } from "./analysis/series";
import { computeTrends, type MetricTrend } from "./analysis/trends";
import type { InsightInputs } from "./load-insight-inputs";

export const INSIGHT_FACTS_VERSION = 1;

/** Days of daily totals kept with the facts for the charts (this period and the last). */
const CHART_DAYS = 62;

export type InsightFacts = {
  version: typeof INSIGHT_FACTS_VERSION;
  computedAt: Date;
  planId: PlanId;
  period: Window;
  /** Daily totals (gauges: daily peaks) per metric, oldest first, for the charts. */
  daily: Record<UsageMetric, Point[]>;
  trends: MetricTrend[];
  anomalies: Record<UsageMetric, Anomaly[]>;
  forecasts: QuotaForecast[];
  rightSizing: RightSizing & { sentences: string[] };
  hygiene: {
    inactiveMembers: { userId: string; email: string; name: string | null; role: string; daysInactive: number; neverSignedIn: boolean }[];
    keys: { id: string; name: string; prefix: string; unused: boolean; daysUnused: number; neverUsed: boolean; noExpiry: boolean }[];
  };
  churn: Scored<ChurnReason>;
  expansion: Scored<ExpansionReason>;
};

function dailyOf(points: readonly Point[], kind: "counter" | "gauge", now: Date): Point[] {
  const firstDay = Math.floor(now.getTime() / DAY_MS) * DAY_MS - (CHART_DAYS - 1) * DAY_MS;
  const days = Array.from({ length: CHART_DAYS }, (_, i) => ({ at: new Date(firstDay + i * DAY_MS), value: 0 }));
  for (const p of points) {
    const index = Math.floor((p.at.getTime() - firstDay) / DAY_MS);
    const day = days[index];
    if (!day) continue;
    day.value = kind === "gauge" ? Math.max(day.value, p.value) : day.value + p.value;
  }
  return days;
}

/** Member count over time, rebuilt from who is here now (and since when) and who left. */
function seatHistory(inputs: InsightInputs, now: Date): Point[] {
  const at = (t: number) => inputs.members.filter((m) => m.createdAt.getTime() <= t).length + inputs.departures.filter((d) => d.getTime() > t).length;
  const times = [...inputs.members.map((m) => m.createdAt.getTime()), ...inputs.departures.map((d) => d.getTime()), now.getTime()].sort((a, b) => a - b);
  return times.map((t) => ({ at: new Date(t), value: at(t) }));
}

/** Cents per usage unit beyond the limit in `currency`, for the plans that bill overage at a published price. */
function overageCentsPerUnit(currency: Currency): Partial<Record<PlanId, number>> {
  return Object.fromEntries(PLAN_IDS.flatMap((plan) => {
    const cents = overageCentsPerThousand(plan, currency);
    return cents === undefined ? [] : [[plan, cents / 1_000]];
  }));
}

/**
 * Every analysis of issue 16 over one workspace's inputs, as plain numbers with their sources.
 * Pure and deterministic: the same inputs and `now` give the same facts. `progress` is told the
 * share done after each step, for the page's progress bar.
 */
export async function analyseWorkspace(inputs: InsightInputs, now: Date, progress: (percent: number, stage: string) => Promise<void> = async () => {}): Promise<InsightFacts> {
  const metrics = Object.keys(USAGE_METRICS) as UsageMetric[];
  await progress(20, "Trends");
  const trends = computeTrends({ series: inputs.hourly, anchor: inputs.anchor, anchorDay: inputs.anchorDay, now });
  await progress(40, "Anomalies");
  const anomalies = Object.fromEntries(metrics.map((m) => [m, findAnomalies({ points: inputs.hourly[m], kind: USAGE_METRICS[m].kind, now })])) as Record<UsageMetric, Anomaly[]>;
  await progress(55, "Quota forecast");
  const forecasts = forecastQuotas({ series: inputs.hourly, limits: inputs.limits, period: inputs.period, now });
  await progress(70, "Plan right-sizing");
  const projected = Object.fromEntries(forecasts.map((f) => [f.metric, f.projected.expected]));
  const sizing = rightSize({
    planId: inputs.planId,
    interval: inputs.interval,
    periods: inputs.pastPeriods,
    inUse: { features: inputs.features, members: inputs.members.length, apiKeys: inputs.keys.length, webhookEndpoints: inputs.webhookEndpoints, peakRequestsPerMinute: inputs.peakRequestsPerMinute },
    projected,
    currency: inputs.currency,
    overageCentsPerUnit: overageCentsPerUnit(inputs.currency),
    overrides: inputs.overrides,
    now,
  });
  const sentences = [
    ...(sizing.downgrade ? [downgradeSentence(sizing.downgrade)] : []),
    ...(sizing.overage ? [overageSentence(sizing.overage)] : []),
    ...sizing.upgrades.map(upgradeSentence),
  ];
  await progress(85, "Members and keys");
  const inactive = inactiveMembers(inputs.members, now).map(({ member, daysInactive, neverSignedIn }) => ({
    userId: member.userId,
    email: member.email,
    name: member.name,
    role: member.role,
    daysInactive,
    neverSignedIn,
  }));
  const keys = apiKeyFindings(inputs.keys, now).map(({ key, unused, daysUnused, neverUsed, noExpiry }) => ({ id: key.id, name: key.name, prefix: key.prefix, unused, daysUnused, neverUsed, noExpiry }));

  const activity = dailyOf([...inputs.hourly.api_calls, ...inputs.hourly.units], "counter", now);
  const pressures = forecasts.map((f) => ({ metric: f.metric, share: f.limit > 0 ? f.projected.expected / f.limit : 0 }));
  const nearest = pressures.reduce<(typeof pressures)[number] | null>((top, p) => (p.share > (top?.share ?? 0) ? p : top), null);
  const pressure = nearest?.share ?? 0;
  const lastSignIn = inputs.members.reduce<Date | null>((latest, m) => (m.lastSignInAt && (!latest || m.lastSignInAt > latest) ? m.lastSignInAt : latest), null);
  const history = {
    tenantId: inputs.tenantId,
    createdAt: inputs.tenantCreatedAt,
    dailyUsage: activity,
    lastSignInAt: lastSignIn,
    paymentFailures: inputs.paymentFailures,
    seats: seatHistory(inputs, now),
    planChanges: inputs.planChanges,
    quotaPressure: pressure,
    quotaPressureMetric: nearest?.metric ?? null,
  };
  return {
    version: INSIGHT_FACTS_VERSION,
    computedAt: now,
    planId: inputs.planId,
    period: inputs.period,
    daily: Object.fromEntries(metrics.map((m) => [m, dailyOf(inputs.hourly[m], USAGE_METRICS[m].kind, now)])) as Record<UsageMetric, Point[]>,
    trends,
    anomalies,
    forecasts,
    rightSizing: { ...sizing, sentences },
    hygiene: { inactiveMembers: inactive, keys },
    churn: churnRisk(history, now),
    expansion: expansionPotential(history, now),
  };
}
