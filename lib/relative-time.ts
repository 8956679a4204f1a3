// "3 minutes ago", "yesterday" ("vor 3 Minuten", "gestern"): for lists where the exact time is one hover away.
import { DEFAULT_LOCALE, INTL_LOCALE, type Locale } from "./i18n/locales";

const formats = new Map<Locale, Intl.RelativeTimeFormat>();
const JUST_NOW: Record<Locale, string> = { en: "just now", de: "gerade eben" };

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 86_400],
  ["month", 30 * 86_400],
  ["week", 7 * 86_400],
  ["day", 86_400],
  ["hour", 3_600],
  ["minute", 60],
];

export function relativeTime(date: Date, now: Date = new Date(), locale: Locale = DEFAULT_LOCALE): string {
  const seconds = Math.round((date.getTime() - now.getTime()) / 1000);
  if (Math.abs(seconds) < 45) return JUST_NOW[locale];
  let format = formats.get(locale);
  if (!format) {
    format = new Intl.RelativeTimeFormat(locale === DEFAULT_LOCALE ? "en" : INTL_LOCALE[locale], { numeric: "auto" });
    formats.set(locale, format);
  }
  const [unit, size] = UNITS.find(([, s]) => Math.abs(seconds) >= s) ?? ["minute", 60];
  return format.format(Math.round(seconds / size), unit);
}
