import { PLANS, USAGE_METRICS } from "../../lib/plans";
import type { InsightFacts } from "./analyse-workspace";
import { downgradeSentence, overageSentence, upgradeSentence } from "./analysis/right-sizing-sentences";

const num = (n: number) => n.toLocaleString("en-US", { maximumFractionDigits: 0 });
const formatDate = (d: Date) => new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone: "UTC" }).format(d);

export type TopInsight = { kind: "upgrade" | "overage" | "downgrade" | "forecast" | "hygiene"; title: string; text: string };

/**
 * The one finding the Overview shows from the latest report, most pressing first: a hard limit
 * ahead, then overage, then a cheaper plan, then a quota reaching 100 % this period, then
 * members and keys to tidy. Null when the report found nothing worth a card.
 */
export function topInsight(facts: Pick<InsightFacts, "rightSizing" | "forecasts" | "hygiene">): TopInsight | null {
  const { rightSizing, forecasts, hygiene } = facts;
  const upgrade = rightSizing.upgrades[0];
  if (upgrade) {
    return { kind: "upgrade", title: "A hard limit is ahead", text: upgradeSentence(upgrade) };
  }
  if (rightSizing.overage) {
    return { kind: "overage", title: "Overage this period", text: overageSentence(rightSizing.overage) };
  }
  if (rightSizing.downgrade) {
    return { kind: "downgrade", title: `${PLANS[rightSizing.downgrade.toPlanId].name} would save money`, text: downgradeSentence(rightSizing.downgrade) };
  }
  for (const forecast of forecasts) {
    const full = forecast.thresholds.find((t) => t.ratio === 1);
    if (full?.at) {
      const label = USAGE_METRICS[forecast.metric].label;
      const text = full.reached
        ? `${label} reached the limit of ${num(forecast.limit)} on ${formatDate(full.at)}.`
        : `${label} are expected to reach the limit of ${num(forecast.limit)} around ${formatDate(full.at)} (${num(forecast.used)} used so far).`;
      return { kind: "forecast", title: "A quota fills up this period", text };
    }
  }
  const inactive = hygiene.inactiveMembers.length;
  const keys = hygiene.keys.length;
  if (inactive + keys > 0) {
    const parts = [
      ...(inactive > 0 ? [`${inactive} inactive member${inactive === 1 ? "" : "s"}`] : []),
      ...(keys > 0 ? [`${keys} API key${keys === 1 ? "" : "s"} to review`] : []),
    ];
    return { kind: "hygiene", title: "Tidy up access", text: `${parts.join(" and ")}.` };
  }
  return null;
}
