import { createTranslator } from "use-intl/core";
import { DEFAULT_LOCALE, INTL_LOCALE, isLocale, type Locale } from "../../lib/i18n/locales";
import { AREA_MESSAGES, type AreaMessages } from "../../lib/i18n/messages";

// The words of the emails written to one person, in that person's language (users.locale; English
// when they never chose one). Messages live in lib/i18n/messages/<locale>/email.json, so German
// is checked for every key and placeholder like the pages are.

function translatorFor(locale: Locale) {
  return createTranslator({ locale, messages: AREA_MESSAGES[locale].email as AreaMessages["email"], namespace: "Email" });
}
export type EmailTranslator = ReturnType<typeof translatorFor>;

const translators = new Map<Locale, EmailTranslator>();

/** The language an email to this person is written in: their choice when it is one we have. */
export function emailLocale(chosen: string | null | undefined): Locale {
  return isLocale(chosen) ? chosen : DEFAULT_LOCALE;
}

export function emailTranslator(chosen: string | null | undefined): EmailTranslator {
  const locale = emailLocale(chosen);
  let found = translators.get(locale);
  if (!found) {
    found = translatorFor(locale);
    translators.set(locale, found);
  }
  return found;
}

/**
 * A moment as an email states it, always in UTC (the recipient's time zone is not known to every
 * sender). English keeps the RFC 1123 form the emails always had; German reads "30. November 2026, 09:15 UTC".
 */
export function emailDateTime(when: Date, chosen: string | null | undefined): string {
  const locale = emailLocale(chosen);
  // An invalid date would make Intl throw and fail the whole batch of emails: stated as it is instead.
  if (locale === "en" || Number.isNaN(when.getTime())) return when.toUTCString();
  const formatted = new Intl.DateTimeFormat(INTL_LOCALE[locale], { dateStyle: "long", timeStyle: "short", timeZone: "UTC" }).format(when);
  return `${formatted} UTC`;
}
