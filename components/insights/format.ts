import { useLocale, useTranslations } from "next-intl";
import { INTL_LOCALE, type Locale } from "@/lib/i18n/locales";

// Shared formatting for the Insights page: the reader's language, UTC, like the rest of the dashboard.

const formats = new Map<string, Intl.DateTimeFormat>();
function format(locale: Locale, style: "date" | "dateTime"): Intl.DateTimeFormat {
  const key = `${locale} ${style}`;
  let found = formats.get(key);
  if (!found) {
    const options: Intl.DateTimeFormatOptions = style === "date" ? { dateStyle: "medium" } : { dateStyle: "medium", timeStyle: "short", hourCycle: "h23" };
    found = new Intl.DateTimeFormat(INTL_LOCALE[locale], { ...options, timeZone: "UTC" });
    formats.set(key, found);
  }
  return found;
}

export type InsightFormat = {
  num: (n: number, digits?: number) => string;
  formatDate: (d: Date) => string;
  formatDateTime: (d: Date) => string;
  /** "+12.5 %", "−3 %", "new" (from zero). */
  formatPercentChange: (percent: number, fromZero: boolean) => string;
};

/** Numbers and dates as the reader's language writes them. */
export function useInsightFormat(): InsightFormat {
  const locale = useLocale();
  const t = useTranslations("BillingInsights");
  const tag = INTL_LOCALE[locale];
  const num = (n: number, digits = 0) => n.toLocaleString(tag, { maximumFractionDigits: digits });
  return {
    num,
    formatDate: (d) => format(locale, "date").format(d),
    formatDateTime: (d) => `${format(locale, "dateTime").format(d)} UTC`,
    formatPercentChange: (percent, fromZero) => {
      if (fromZero) return t("percentNew");
      if (percent === 0) return "±0 %";
      return `${percent > 0 ? "+" : "−"}${num(Math.abs(percent), 1)} %`;
    },
  };
}

/** The UTC day (ms) an instant falls on. */
export const utcDay = (d: Date) => Math.floor(d.getTime() / 86_400_000) * 86_400_000;
