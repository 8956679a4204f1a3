import { useLocale, useTranslations } from "next-intl";
import type { UsageMetric } from "@/lib/plans";
import type { ChartWords } from "./usage-bar-chart";

/** The usage bar chart's sentences in the reader's language, for one metric (the dashboard's charts). */
export function useChartWords(metric: UsageMetric): ChartWords {
  const t = useTranslations("BillingChart");
  const tUsage = useTranslations("BillingUsage");
  const locale = useLocale();
  const inline = tUsage(`metricInline.${metric}`);
  return {
    locale,
    span: (count, granularity, range) => {
      const span = granularity === "hour" ? t("hours", { count }) : t("days", { count });
      return range ? t("spanRange", { span, from: range.from, to: range.to }) : span;
    },
    summary: ({ metric: label, granularity, span, total, peak, marked }) => {
      const cadence = granularity === "hour" ? t("hourly") : t("daily");
      return total === null ? t("summary", { metric: label, cadence, span, peak, marked }) : t("summaryTotal", { metric: label, cadence, span, total, peak, marked });
    },
    bar: ({ time, value, note }) => (note === null ? t("bar", { time, value, metric: inline }) : t("barNote", { time, value, metric: inline, note })),
  };
}
