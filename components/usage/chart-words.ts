import { useLocale, useTranslations } from "next-intl";
import type { UsageMetric } from "@/lib/plans";
import { chartWordsFrom, type ChartWords } from "./usage-bar-chart";

/** The usage bar chart's sentences in the reader's language, for one metric (the dashboard's charts). */
export function useChartWords(metric: UsageMetric): ChartWords {
  const t = useTranslations("BillingChart");
  const tUsage = useTranslations("BillingUsage");
  const locale = useLocale();
  const inline = tUsage(`metricInline.${metric}`);
  return chartWordsFrom(locale, t, () => inline);
}
