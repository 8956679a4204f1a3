import { isLocale, LOCALE_COOKIE, type Locale } from "@/lib/i18n/locales";
import type { ErrorWords } from "./error-screen";

/**
 * The Status messages of lib/i18n/messages/{en,de}/common.json, written out for the root error
 * screen (app/global-error.tsx): outside the root layout there is no request's language or message
 * provider, and importing the message files would put all of common.json into every page's first
 * load. lib/i18n/english-labels.test.ts keeps them equal to the catalogues.
 */
export function rootErrorWords(locale: Locale, digest: string | undefined): ErrorWords {
  if (locale === "de") {
    return {
      error: "Fehler",
      unavailableTitle: "Vorübergehend nicht verfügbar",
      errorTitle: "Etwas ist schiefgelaufen",
      unavailableBody: "Atrium erreicht seine Datenbank gerade nicht. Ihre Daten sind sicher; diese Seite lädt sich von selbst neu, sobald der Dienst wieder da ist.",
      errorBody: `Diese Seite konnte nicht geladen werden. Bitte versuchen Sie es erneut; wenn es wieder passiert, wenden Sie sich an den Support${digest ? ` und nennen Sie die Referenz ${digest}` : ""}.`,
      tryAgain: "Erneut versuchen",
    };
  }
  return {
    error: "Error",
    unavailableTitle: "Temporarily unavailable",
    errorTitle: "Something went wrong",
    unavailableBody: "Atrium cannot reach its database right now. Your data is safe; this page reloads by itself as soon as the service is back.",
    errorBody: `We could not load this page. Please try again; if it keeps happening, contact support${digest ? ` and mention reference ${digest}` : ""}.`,
    tryAgain: "Try again",
  };
}

/** The language a page of this browser was in: the chosen one (cookie), else the browser's own. */
export function browserLocale(): Locale {
  const chosen = document.cookie
    .split(";")
    .map((c) => c.trim().split("="))
    .find(([name]) => name === LOCALE_COOKIE)?.[1];
  if (isLocale(chosen)) return chosen;
  return navigator.language.toLowerCase().startsWith("de") ? "de" : "en";
}
