import { notFound } from "next/navigation";
import { setRequestLocale } from "next-intl/server";
import { isLocale, LOCALES, type Locale } from "@/lib/i18n/locales";

/** The marketing pages exist once per locale, all prerendered: /en/… (served at /…) and /de/…. */
export function marketingLocaleParams(): { locale: Locale }[] {
  return LOCALES.map((locale) => ({ locale }));
}

/**
 * The locale of a marketing page, from its segment. Every layout and page of the section calls
 * this (they render apart, and a prerendered page has no request to read the locale from).
 */
export async function marketingLocale(params: Promise<{ locale: string }>): Promise<Locale> {
  const { locale } = await params;
  if (!isLocale(locale)) notFound();
  setRequestLocale(locale);
  return locale;
}
