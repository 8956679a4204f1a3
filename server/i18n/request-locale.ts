import { cookies, headers } from "next/headers";
import { DEFAULT_LOCALE, isLocale, LOCALE_COOKIE, negotiateLocale, type Locale } from "@/lib/i18n/locales";

/**
 * The language a request asks for: the browser's chosen one (the cookie, which follows a
 * signed-in person's own choice), else Accept-Language, else English. On a prerendered page
 * there is no request, and this is English; the marketing pages name theirs (/de).
 */
export async function requestedLocale(): Promise<Locale> {
  const chosen = (await cookies()).get(LOCALE_COOKIE)?.value;
  if (isLocale(chosen)) return chosen;
  return negotiateLocale((await headers()).get("accept-language")) ?? DEFAULT_LOCALE;
}
