import type { Locale } from "../../lib/i18n/locales";
import { translateServerText, type ServerTextCatalogue } from "../../lib/i18n/server-text";
import germanServerText from "../../lib/i18n/server-text/de.json";

// Some sentences in an email were written by the server in English before anyone knew who would
// read them, and only the sentence survives (a DNS check's problems recorded in an event, a
// webhook delivery's error). The pages show them through the server-text catalogue; an email to a
// German reader uses the same catalogue, so it says what the page says. What is stored stays English.

const CATALOGUES: Partial<Record<Locale, ServerTextCatalogue>> = { de: germanServerText };

/** `sentence` in the reader's language when the catalogue knows it, else as it was written. */
export function emailServerText(sentence: string, locale: Locale): string {
  return translateServerText(sentence, CATALOGUES[locale]);
}

/** Several such sentences, one a line (a DNS check's problems). */
export function emailServerLines(sentences: readonly string[], locale: Locale): string {
  return sentences.map((sentence) => emailServerText(sentence, locale)).join("\n");
}
