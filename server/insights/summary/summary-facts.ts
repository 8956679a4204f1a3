import { PLANS, USAGE_METRICS } from "../../../lib/plans";
import type { ChurnReason } from "../analysis/churn-risk";
import type { QuotaForecast } from "../analysis/forecast";
import type { Change } from "../analysis/trends";
import type { InsightFacts } from "../analyse-workspace";

// The facts a language model may summarise: short sentences built from the computed facts alone
// (never names, email addresses or key prefixes), each number written once the way the page
// writes it. The output check (check-numbers.ts) accepts only numbers found in these sentences.

const whole = (n: number) => Math.round(n).toLocaleString("en-US");
const amount = (n: number) => (Number.isInteger(n) ? n.toLocaleString("en-US") : n.toLocaleString("en-US", { maximumFractionDigits: 1 }));
/** A calendar day in UTC, ISO style: 2026-12-14. */
export const isoDay = (d: Date) => d.toISOString().slice(0, 10);

function movement(c: Change): string {
  if (c.absolute === 0) return "unchanged from";
  if (c.fromZero) return "up from";
  return `${c.absolute > 0 ? "up" : "down"} ${amount(Math.abs(c.percent))} % from`;
}

function trendFacts(facts: InsightFacts): string[] {
  return facts.trends.flatMap((t) => {
    const label = USAGE_METRICS[t.metric].label;
    const out: string[] = [];
    const p = t.periodToDate;
    if (p.current !== 0 || p.previous !== 0) out.push(`${label} this billing period so far: ${amount(p.current)}, ${movement(p)} ${amount(p.previous)} at the same point of the last period.`);
    const w = t.weekOverWeek;
    if (w.current !== 0 || w.previous !== 0) out.push(`${label} in the last 7 days: ${amount(w.current)}, ${movement(w)} ${amount(w.previous)} in the 7 days before.`);
    return out;
  });
}

function forecastFacts(forecast: QuotaForecast): string[] {
  const label = USAGE_METRICS[forecast.metric].label;
  if (forecast.unused) return [`${label}: not used in the last ten weeks.`];
  const out = [`${label}: ${amount(forecast.used)} of the limit of ${whole(forecast.limit)} used this period.`];
  if (!forecast.insufficientHistory) {
    const { expected, low, high } = forecast.projected;
    out.push(`${label} expected by the end of the period: about ${whole(expected)} (90 % range ${whole(low)} to ${whole(high)}).`);
  }
  for (const t of forecast.thresholds) {
    const share = `${Math.round(t.ratio * 100)} % of the ${label.toLowerCase()} limit (${whole(t.units)})`;
    if (t.reached && t.at) out.push(`${share} was reached on ${isoDay(t.at)}.`);
    else if (t.at) {
      const range = t.low && t.high ? ` (between ${isoDay(t.low)} and ${isoDay(t.high)})` : t.low ? ` (as early as ${isoDay(t.low)})` : "";
      out.push(`${share} is expected to be reached on ${isoDay(t.at)}${range}.`);
    }
  }
  return out;
}

function churnFact(reason: ChurnReason): string | null {
  if (reason.points <= 0) return null;
  switch (reason.code) {
    case "usageDecline":
      return `Usage in the last 30 days fell ${amount(reason.percent)} % against the 30 days before (${whole(reason.recent)} against ${whole(reason.prior)}).`;
    case "noSignIns":
      return `Nobody in the workspace has signed in for ${reason.days} days.`;
    case "paymentFailures":
      return `${reason.count} payment${reason.count === 1 ? "" : "s"} failed in the last 90 days.`;
    case "seatsRemoved":
      return `Members went from ${reason.before} to ${reason.now} in the last 90 days.`;
    case "downgrades":
      return `The workspace moved to a lower plan (${PLANS[reason.lastToPlanId].name}) in the last 90 days.`;
  }
}

function hygieneFacts(facts: InsightFacts): string[] {
  const inactive = facts.hygiene.inactiveMembers.length;
  const unused = facts.hygiene.keys.filter((k) => k.unused).length;
  const noExpiry = facts.hygiene.keys.filter((k) => k.noExpiry).length;
  return [
    ...(inactive ? [`${inactive} member${inactive === 1 ? " has" : "s have"} not signed in for 30 days or more.`] : []),
    ...(unused ? [`${unused} API key${unused === 1 ? " has" : "s have"} not been used for 90 days or more.`] : []),
    ...(noExpiry ? [`${noExpiry} API key${noExpiry === 1 ? " has" : "s have"} no expiry date.`] : []),
  ];
}

/**
 * The facts given to the language model, in order: plan and period, trends, quota forecasts,
 * right-sizing sentences (as the page shows them), seat and key hygiene counts, and what points to
 * a workspace losing interest (the reasons, not the operators' score). Pure.
 */
export function buildSummaryFacts(facts: InsightFacts): string[] {
  return [
    `The workspace is on the ${PLANS[facts.planId].name} plan; the billing period runs from ${isoDay(facts.period.start)} to ${isoDay(facts.period.end)}.`,
    ...trendFacts(facts),
    ...facts.forecasts.flatMap(forecastFacts),
    ...facts.rightSizing.sentences,
    ...hygieneFacts(facts),
    ...facts.churn.reasons.map(churnFact).filter((f): f is string => f !== null),
  ];
}

/** The numbered list sent to the model: "1. ...", one fact a line. */
export function numberedFacts(lines: readonly string[]): string {
  return lines.map((line, i) => `${i + 1}. ${line}`).join("\n");
}
