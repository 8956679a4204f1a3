import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { DEFAULT_LOCALE, isLocale, LOCALE_COOKIE, negotiateLocale, type Locale } from "./locales";
import { messagesFor } from "./messages";

/**
 * The locale of a request: the marketing pages' /de segment when there is one (prerendered, so
 * there is no request to read); else the browser's chosen language (the cookie, which follows a
 * signed-in person's own choice, see server/i18n); else Accept-Language; else English.
 */
async function requestedLocale(): Promise<Locale> {
  const chosen = (await cookies()).get(LOCALE_COOKIE)?.value;
  if (isLocale(chosen)) return chosen;
  return negotiateLocale((await headers()).get("accept-language")) ?? DEFAULT_LOCALE;
}

export default getRequestConfig(async ({ requestLocale }) => {
  const segment = await requestLocale;
  const locale = isLocale(segment) ? segment : await requestedLocale();
  // Times are shown in the person's own zone, passed explicitly where one is known; UTC otherwise.
  return { locale, messages: messagesFor(locale), timeZone: "UTC" };
});
