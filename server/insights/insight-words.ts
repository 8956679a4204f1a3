import { createTranslator } from "use-intl/core";
import type { InsightWords, SentenceKey } from "../../lib/insight-sentences";
import { DEFAULT_LOCALE, type Locale } from "../../lib/i18n/locales";
import { AREA_MESSAGES, type AreaMessages } from "../../lib/i18n/messages";
import type { UsageMetric } from "../../lib/plans";

// The insight sentences' words on the server: English for what is stored and mailed (reports,
// digests, the summary's facts), the reader's language for the Overview's card.

function wordsFor(locale: Locale): InsightWords {
  const messages = AREA_MESSAGES[locale].billing as AreaMessages["billing"];
  const sentence = createTranslator({ locale, messages, namespace: "BillingInsights.sentence" });
  const metric = createTranslator({ locale, messages, namespace: "BillingUsage.metric" });
  return { locale, t: (key: SentenceKey, values) => sentence(key, values), metric: (m: UsageMetric) => metric(m) };
}

const cache = new Map<Locale, InsightWords>();

export function insightWords(locale: Locale = DEFAULT_LOCALE): InsightWords {
  let found = cache.get(locale);
  if (!found) {
    found = wordsFor(locale);
    cache.set(locale, found);
  }
  return found;
}
