import { topInsight as topInsightIn, type TopInsight } from "../../lib/insight-sentences";
import type { Locale } from "../../lib/i18n/locales";
import type { InsightFacts } from "./analyse-workspace";
import { insightWords } from "./insight-words";

export type { TopInsight };

/**
 * The one finding the Overview shows from the latest report, in a language (English when none is
 * given): see lib/insight-sentences.ts for the order. Null when the report found nothing worth a card.
 */
export function topInsight(facts: Pick<InsightFacts, "rightSizing" | "forecasts" | "hygiene">, locale?: Locale): TopInsight | null {
  return topInsightIn(facts, insightWords(locale));
}
