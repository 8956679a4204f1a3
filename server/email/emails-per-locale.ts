import type { Locale } from "../../lib/i18n/locales";
import type { Recipient } from "../billing/recipients";
import type { OutgoingEmail } from "./enqueue-email";
import { emailLocale, emailTranslator, type EmailTranslator } from "./email-text";

export type EmailWords = { subject: string; text: string };

/** One email's words in a language (`t` speaks it); called once per language among its recipients. */
export type WriteEmail = (t: EmailTranslator, locale: Locale) => EmailWords;

/**
 * The same email to several people (a workspace's owners, its billing members), each in their own
 * language. The words are written once per language that occurs, not once per person. The dedupe
 * key names the recipient alone, never the language: a replay after someone switched language
 * must not send a second copy.
 */
export function emailsPerLocale<R extends Recipient>(recipients: readonly R[], write: WriteEmail, dedupeKey: (to: string, recipient: R) => string): OutgoingEmail[] {
  const written = new Map<Locale, EmailWords>();
  return recipients.map((recipient) => {
    const language = emailLocale(recipient.locale);
    let words = written.get(language);
    if (!words) {
      words = write(emailTranslator(language), language);
      written.set(language, words);
    }
    return { to: recipient.email, subject: words.subject, text: words.text, dedupeKey: dedupeKey(recipient.email, recipient) };
  });
}
