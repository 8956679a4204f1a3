import type { Locale } from "../../lib/i18n/locales";
import type { Recipient } from "../billing/recipients";
import type { OutgoingEmail } from "./enqueue-email";
import { emailLocale } from "./email-text";

export type EmailWords = { subject: string; text: string };

/** One email's words in a given language; called once per language among its recipients. */
export type WriteEmail = (locale: Locale) => EmailWords;

/**
 * The same email to several people (a workspace's owners, its billing members), each in their own
 * language. The words are written once per language that occurs, not once per person. The dedupe
 * key depends on the address alone, never on the language: a replay after someone switched
 * language must not send a second copy.
 */
export function emailsPerLocale(recipients: readonly Recipient[], write: WriteEmail, dedupeKey: (to: string) => string): OutgoingEmail[] {
  const written = new Map<Locale, EmailWords>();
  return recipients.map(({ email, locale }) => {
    const language = emailLocale(locale);
    let words = written.get(language);
    if (!words) {
      words = write(language);
      written.set(language, words);
    }
    return { to: email, subject: words.subject, text: words.text, dedupeKey: dedupeKey(email) };
  });
}
