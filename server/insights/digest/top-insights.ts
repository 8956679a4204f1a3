import { USAGE_METRICS } from "../../../lib/plans";
import type { InsightFacts } from "../analyse-workspace";

/** Insights in one digest email. */
export const DIGEST_INSIGHTS = 3;

const day = (d: Date) => d.toLocaleDateString("en-GB", { day: "numeric", month: "long", timeZone: "UTC" });
const units = (n: number) => Math.round(n).toLocaleString("en-US");
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Limits this period reached or expected to be reached (a metric with an upgrade sentence already says so). */
function limitSentences(facts: InsightFacts): string[] {
  const told = new Set(facts.rightSizing.upgrades.map((u) => u.metric));
  return facts.forecasts.flatMap((f) => {
    const full = f.thresholds.find((t) => t.ratio === 1);
    if (!full?.at || told.has(f.metric)) return [];
    const label = USAGE_METRICS[f.metric].label;
    if (full.reached) return [`${label} reached this period's limit of ${units(f.limit)} on ${day(full.at)}.`];
    const range = full.low && full.high && day(full.low) !== day(full.high) ? ` (between ${day(full.low)} and ${day(full.high)})` : "";
    return [`${label} will reach this period's limit of ${units(f.limit)} around ${day(full.at)}${range}.`];
  });
}

function hygieneSentences(facts: InsightFacts): string[] {
  const inactive = facts.hygiene.inactiveMembers.length;
  const unused = facts.hygiene.keys.filter((k) => k.unused).length;
  const noExpiry = facts.hygiene.keys.filter((k) => k.noExpiry).length;
  const keys = [unused ? `${plural(unused, "API key has", "API keys have")} not been used for 90 days` : "", noExpiry ? `${plural(noExpiry, "API key has", "API keys have")} no expiry date` : ""].filter(Boolean);
  return [...(inactive ? [`${plural(inactive, "member has", "members have")} not signed in for 30 days or more.`] : []), ...(keys.length ? [`${keys.join("; ")}.`] : [])];
}

/**
 * The digest's top insights, most valuable first: plan right-sizing (money), limits reached or
 * about to be, then members and keys to tidy up; at most DIGEST_INSIGHTS. Pure.
 */
export function topInsights(facts: InsightFacts): string[] {
  return [...facts.rightSizing.sentences, ...limitSentences(facts), ...hygieneSentences(facts)].slice(0, DIGEST_INSIGHTS);
}

/** The ISO week of a moment (UTC), e.g. "2026-W48": one digest per workspace, person and week. */
export function isoWeek(at: Date): string {
  const d = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  d.setUTCDate(d.getUTCDate() + 4 - (d.getUTCDay() || 7));
  const week = Math.ceil(((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000 + 1) / 7);
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, "0")}`;
}
