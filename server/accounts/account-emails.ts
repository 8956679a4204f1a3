import type { OutgoingEmail } from "../email/enqueue-email";
import { emailTranslator } from "../email/email-text";
import { hashOneTimeToken } from "../auth/one-time-tokens";
import { accountLink, apexOrigin } from "./links";

// The account emails, in the language the account chose (`locale`: users.locale). Dedupe keys
// carry the token's hash (what the database holds anyway), never the token: the outbox row is
// readable by operators.

type Kind = "passwordReset" | "passwordChanged" | "verifyEmail" | "magicLink" | "emailChange" | "emailChanged";

function write(kind: Kind, locale: string | null | undefined, values: Record<string, string>): { subject: string; text: string } {
  const t = emailTranslator(locale);
  return { subject: t(`${kind}.subject`), text: `${t(`${kind}.text`, values)}\n\n${t("footer")}` };
}

export function passwordResetEmail(to: string, userId: string, token: string, locale: string | null): OutgoingEmail {
  return {
    to,
    ...write("passwordReset", locale, { email: to, link: accountLink("passwordReset", token) }),
    dedupeKey: `password-reset:${userId}:${hashOneTimeToken(token)}`,
  };
}

export function passwordChangedEmail(to: string, userId: string, changeId: string, locale: string | null): OutgoingEmail {
  return {
    to,
    ...write("passwordChanged", locale, { email: to, link: `${apexOrigin()}/forgot-password` }),
    dedupeKey: `password-changed:${userId}:${changeId}`,
  };
}

export function verifyEmailEmail(to: string, userId: string, token: string, locale: string | null): OutgoingEmail {
  return {
    to,
    ...write("verifyEmail", locale, { email: to, link: accountLink("emailVerify", token) }),
    dedupeKey: `email-verify:${userId}:${hashOneTimeToken(token)}`,
  };
}

export function magicLinkEmail(to: string, userId: string, token: string, locale: string | null): OutgoingEmail {
  return {
    to,
    ...write("magicLink", locale, { email: to, link: accountLink("magicLink", token) }),
    dedupeKey: `magic-link:${userId}:${hashOneTimeToken(token)}`,
  };
}

export function emailChangeEmail(to: string, from: string, userId: string, token: string, locale: string | null): OutgoingEmail {
  return {
    to,
    ...write("emailChange", locale, { email: to, from, link: accountLink("emailChange", token) }),
    dedupeKey: `email-change:${userId}:${hashOneTimeToken(token)}`,
  };
}

export function emailChangedNoticeEmail(oldAddress: string, newAddress: string, userId: string, changeId: string, locale: string | null): OutgoingEmail {
  return {
    to: oldAddress,
    ...write("emailChanged", locale, { email: newAddress, from: oldAddress }),
    dedupeKey: `email-changed:${userId}:${changeId}`,
  };
}
