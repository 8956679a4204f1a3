// The portal's languages. English is the default and the source of every message; German is a
// complete translation (test/i18n-messages.test.ts checks every key and placeholder).

export const LOCALES = ["en", "de"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

/** Each language named in itself, as a language menu shows it. */
export const LOCALE_LABELS: Record<Locale, string> = { en: "English", de: "Deutsch" };

/** The browser's choice, kept per host like the theme (a person's own choice is also in users.locale). */
export const LOCALE_COOKIE = "atrium-locale";
export const LOCALE_COOKIE_MAX_AGE = 60 * 60 * 24 * 365;

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/**
 * The best of our locales for an Accept-Language header (`de-CH,de;q=0.9,en;q=0.8`), or null
 * when it names none of them. Quality values are honoured; a malformed entry is skipped.
 */
export function negotiateLocale(header: string | null | undefined): Locale | null {
  if (!header) return null;
  let best: { locale: Locale; q: number } | null = null;
  for (const part of header.slice(0, 512).split(",")) {
    const [tag, ...params] = part.trim().split(";");
    const language = tag?.trim().toLowerCase().split("-")[0];
    if (!isLocale(language)) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(q) || q <= 0 || q > 1) continue;
    if (!best || q > best.q) best = { locale: language, q };
  }
  return best?.locale ?? null;
}

/** BCP 47 tags for Intl formatting: dates, numbers and money read as people in that language expect. */
export const INTL_LOCALE: Record<Locale, string> = { en: "en-US", de: "de-DE" };

/** The apex marketing pages: English at the root, German under /de. */
export const MARKETING_PATHS = ["/", "/pricing", "/sign-in", "/sign-up"] as const;

/** A marketing page's address in a language: ("de", "/pricing") -> "/de/pricing"; ("en", "/") -> "/". */
export function marketingPath(locale: Locale, path: string): string {
  if (locale === DEFAULT_LOCALE) return path;
  return path === "/" ? `/${locale}` : `/${locale}${path}`;
}
