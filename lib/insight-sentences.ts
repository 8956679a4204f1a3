// The insight sentences (right-sizing, the Overview's top insight), written from the computed facts
// in a language. The words are the BillingInsights.sentence messages; this module only chooses
// which message and formats the figures, so the server (English: digests, the summary's facts,
// stored reports) and the pages (the reader's language) say the same thing. No message file is
// imported here: callers hand in a translator, so nothing of the messages reaches a bundle twice.
import { formatLimit, formatMoney, PLANS, type Currency, type Limit, type PlanId, type UsageMetric } from "./plans";
import { INTL_LOCALE, type Locale } from "./i18n/locales";

type Values = Record<string, string | number>;

/** A translator over the BillingInsights.sentence messages, and the metric names (BillingUsage.metric). */
export type InsightWords = { locale: Locale; t: (key: SentenceKey, values?: Values) => string; metric: (metric: UsageMetric) => string };

export type SentenceKey =
  | "downgrade"
  | "downgradeWithOverage"
  | "overage"
  | "overageWithAlternative"
  | "upgrade"
  | "upgradeCustomOnly"
  | "upgradeTitle"
  | "overageTitle"
  | "downgradeTitle"
  | "forecastTitle"
  | "forecastReached"
  | "forecastExpected"
  | "hygieneTitle"
  | "hygiene";

const num = (n: number, locale: Locale) => n.toLocaleString(INTL_LOCALE[locale]);
const money = (cents: number, currency: Currency | undefined, locale: Locale) => formatMoney(cents, currency, { locale });

type Downgrade = { currency?: Currency; fromPlanId: PlanId; toPlanId: PlanId; periods: number; maxUsedPercent: number; targetOverageCents: number; monthlySavingsCents: number };
type Overage = { currency?: Currency; overageUnits: number; limit: number; overageCents: number; alternative: { planId: PlanId; breakEvenUnits: number } | null };
type Upgrade = { currency?: Currency; planId: PlanId; metric: UsageMetric; limit: number; projected: number; toPlanId: PlanId | null; newLimit: Limit | null; extraMonthlyCents: number | null };
type Forecast = { metric: UsageMetric; limit: number; used: number; thresholds: readonly { ratio: number; at: Date | null; reached: boolean }[] };

/** "At most 16 % of Pro used in the last three periods — Starter saves $70 a month." */
export function downgradeSentence(fact: Downgrade, { locale, t }: InsightWords): string {
  const values = {
    percent: num(fact.maxUsedPercent, locale),
    from: PLANS[fact.fromPlanId].name,
    to: PLANS[fact.toPlanId].name,
    periods: fact.periods,
    saving: money(fact.monthlySavingsCents, fact.currency, locale),
  };
  return fact.targetOverageCents > 0 ? t("downgradeWithOverage", { ...values, overage: money(fact.targetOverageCents, fact.currency, locale) }) : t("downgrade", values);
}

/** "This period's overage will cost about $300 (3,000 units over 10,000) — Enterprise is cheaper above 300,000 units." */
export function overageSentence(fact: Overage, { locale, t }: InsightWords): string {
  const values = { cost: money(fact.overageCents, fact.currency, locale), over: num(fact.overageUnits, locale), limit: num(fact.limit, locale) };
  if (!fact.alternative) return t("overage", values);
  return t("overageWithAlternative", { ...values, plan: PLANS[fact.alternative.planId].name, breakEven: num(fact.alternative.breakEvenUnits, locale) });
}

/** "Usage units this period will pass Starter's hard limit of 10,000 (about 14,000) — Pro raises it to 100,000 for $70 more a month." */
export function upgradeSentence(fact: Upgrade, { locale, t, metric }: InsightWords): string {
  const values = { metric: metric(fact.metric), plan: PLANS[fact.planId].name, limit: num(fact.limit, locale), projected: num(Math.round(fact.projected), locale) };
  if (!fact.toPlanId || fact.newLimit === null || fact.extraMonthlyCents === null) return t("upgradeCustomOnly", values);
  return t("upgrade", { ...values, to: PLANS[fact.toPlanId].name, newLimit: formatLimit(fact.newLimit, locale), extra: money(fact.extraMonthlyCents, fact.currency, locale) });
}

export type TopInsightKind = "upgrade" | "overage" | "downgrade" | "forecast" | "hygiene";
export type TopInsight = { kind: TopInsightKind; title: string; text: string };
export type TopInsightFacts = {
  rightSizing: { downgrade: Downgrade | null; overage: Overage | null; upgrades: readonly Upgrade[] };
  forecasts: readonly Forecast[];
  hygiene: { inactiveMembers: readonly unknown[]; keys: readonly unknown[] };
};

/**
 * The one finding the Overview shows from the latest report, most pressing first: a hard limit
 * ahead, then overage, then a cheaper plan, then a quota reaching 100 % this period, then
 * members and keys to tidy. Null when the report found nothing worth a card.
 */
export function topInsight(facts: TopInsightFacts, words: InsightWords): TopInsight | null {
  const { locale, t } = words;
  const { rightSizing, forecasts, hygiene } = facts;
  const upgrade = rightSizing.upgrades[0];
  if (upgrade) return { kind: "upgrade", title: t("upgradeTitle"), text: upgradeSentence(upgrade, words) };
  if (rightSizing.overage) return { kind: "overage", title: t("overageTitle"), text: overageSentence(rightSizing.overage, words) };
  if (rightSizing.downgrade) {
    return { kind: "downgrade", title: t("downgradeTitle", { plan: PLANS[rightSizing.downgrade.toPlanId].name }), text: downgradeSentence(rightSizing.downgrade, words) };
  }
  const date = new Intl.DateTimeFormat(INTL_LOCALE[locale], { dateStyle: "medium", timeZone: "UTC" });
  for (const forecast of forecasts) {
    const full = forecast.thresholds.find((threshold) => threshold.ratio === 1);
    if (!full?.at) continue;
    const values = { metric: words.metric(forecast.metric), limit: num(Math.round(forecast.limit), locale), date: date.format(full.at), used: num(Math.round(forecast.used), locale) };
    return { kind: "forecast", title: t("forecastTitle"), text: t(full.reached ? "forecastReached" : "forecastExpected", values) };
  }
  const members = hygiene.inactiveMembers.length;
  const keys = hygiene.keys.length;
  if (members + keys > 0) return { kind: "hygiene", title: t("hygieneTitle"), text: t("hygiene", { members, keys }) };
  return null;
}
