import { getRequestConfig } from "next-intl/server";
import { requestedLocale } from "@/server/i18n/request-locale";
import { isLocale } from "@/lib/i18n/locales";
import { messagesFor } from "@/lib/i18n/messages";

/**
 * next-intl's configuration for a request: the marketing pages' /de segment when there is one
 * (set by server/i18n/marketing-locale.ts), else what the request asks for.
 *
 * next-intl keeps this per request once read. So the root layout and the root not-found, which
 * render before a marketing page has named its locale, never read it implicitly: they pass the
 * locale themselves (requestedLocale()), or a prerendered German page would be built in English.
 */
export default getRequestConfig(async ({ requestLocale }) => {
  const segment = await requestLocale;
  const locale = isLocale(segment) ? segment : await requestedLocale();
  // Times are shown in the person's own zone, passed explicitly where one is known; UTC otherwise.
  return { locale, messages: messagesFor(locale), timeZone: "UTC" };
});
