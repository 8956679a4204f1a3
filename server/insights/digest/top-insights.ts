import { DEFAULT_LOCALE, INTL_LOCALE, type Locale } from "../../../lib/i18n/locales";
import { downgradeSentence, overageSentence, upgradeSentence } from "../../../lib/insight-sentences";
import type { UsageMetric } from "../../../lib/plans";
import { emailTranslator, type EmailTranslator } from "../../email/email-text";
import type { InsightFacts } from "../analyse-workspace";
import { insightWords } from "../insight-words";

/** Insights in one digest email. */
export const DIGEST_INSIGHTS = 3;

type Words = { locale: Locale; t: EmailTranslator };

// English keeps the forms the digest always had: "24 November" (en-GB) and "10,000".
const day = (d: Date, locale: Locale) => d.toLocaleDateString(locale === "en" ? "en-GB" : INTL_LOCALE[locale], { day: "numeric", month: "long", timeZone: "UTC" });
const units = (n: number, locale: Locale) => Math.round(n).toLocaleString(INTL_LOCALE[locale]);
const metricName = (metric: UsageMetric, locale: Locale) => insightWords(locale).metric(metric);

/** Limits this period reached or expected to be reached (a metric with an upgrade sentence already says so). */
function limitSentences(facts: InsightFacts, { locale, t }: Words): string[] {
  const told = new Set(facts.rightSizing.upgrades.map((u) => u.metric));
  return facts.forecasts.flatMap((f) => {
    const full = f.thresholds.find((threshold) => threshold.ratio === 1);
    if (!full?.at || told.has(f.metric)) return [];
    const values = { metric: metricName(f.metric, locale), limit: units(f.limit, locale), date: day(full.at, locale) };
    if (full.reached) return [t("digest.limitReached", values)];
    const low = full.low && day(full.low, locale);
    const high = full.high && day(full.high, locale);
    return [low && high && low !== high ? t("digest.limitExpectedBetween", { ...values, low, high }) : t("digest.limitExpected", values)];
  });
}

function hygieneSentences(facts: InsightFacts, { t }: Words): string[] {
  const inactive = facts.hygiene.inactiveMembers.length;
  const unused = facts.hygiene.keys.filter((k) => k.unused).length;
  const noExpiry = facts.hygiene.keys.filter((k) => k.noExpiry).length;
  // Counts as plain digits ("1000"), as the English digest always wrote them.
  const count = (n: number) => ({ count: n, n: String(n) });
  const keys = [unused ? t("digest.unusedKeys", count(unused)) : "", noExpiry ? t("digest.keysWithoutExpiry", count(noExpiry)) : ""].filter(Boolean);
  return [...(inactive ? [t("digest.inactiveMembers", count(inactive))] : []), ...(keys.length ? [`${keys.join("; ")}.`] : [])];
}

/**
 * The right-sizing sentences: in English as the report stored them; in another language written
 * again from the same facts, in the same order (downgrade, overage, upgrades) as the analysis did.
 */
function rightSizingSentences(facts: InsightFacts, locale: Locale): string[] {
  if (locale === "en") return facts.rightSizing.sentences;
  const words = insightWords(locale);
  const { downgrade, overage, upgrades } = facts.rightSizing;
  return [...(downgrade ? [downgradeSentence(downgrade, words)] : []), ...(overage ? [overageSentence(overage, words)] : []), ...upgrades.map((u) => upgradeSentence(u, words))];
}

/**
 * The digest's top insights, most valuable first: plan right-sizing (money), limits reached or
 * about to be, then members and keys to tidy up; at most DIGEST_INSIGHTS. Pure; in English unless
 * a reader's language is given.
 */
export function topInsights(facts: InsightFacts, locale: Locale = DEFAULT_LOCALE): string[] {
  const words = { locale, t: emailTranslator(locale) };
  return [...rightSizingSentences(facts, locale), ...limitSentences(facts, words), ...hygieneSentences(facts, words)].slice(0, DIGEST_INSIGHTS);
}

/** The ISO week of a moment (UTC), e.g. "2026-W48": one digest per workspace, person and week. */
export function isoWeek(at: Date): string {
  const d = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  d.setUTCDate(d.getUTCDate() + 4 - (d.getUTCDay() || 7));
  const week = Math.ceil(((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000 + 1) / 7);
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, "0")}`;
}
