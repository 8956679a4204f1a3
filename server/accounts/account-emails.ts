import type { OutgoingEmail } from "../email/enqueue-email";
import { hashOneTimeToken } from "../auth/one-time-tokens";
import { accountLink, apexOrigin } from "./links";

// The account emails. Dedupe keys carry the token's hash (what the database holds anyway),
// never the token: the outbox row is readable by operators.

const FOOTER = "— Atrium";

export function passwordResetEmail(to: string, userId: string, token: string): OutgoingEmail {
  return {
    to,
    subject: "Reset your Atrium password",
    text: `Someone (hopefully you) asked to reset the password of the Atrium account ${to}.\n\nChoose a new password: ${accountLink("passwordReset", token)}\n\nThe link works once and expires in 30 minutes. If you did not ask for this, ignore this email: your password stays as it is.\n\n${FOOTER}`,
    dedupeKey: `password-reset:${userId}:${hashOneTimeToken(token)}`,
  };
}

export function passwordChangedEmail(to: string, userId: string, changeId: string): OutgoingEmail {
  return {
    to,
    subject: "Your Atrium password was changed",
    text: `The password of your Atrium account ${to} was just changed, and every other session was signed out.\n\nIf this was you, there is nothing to do. If it was not, reset your password at once: ${apexOrigin()}/forgot-password\n\n${FOOTER}`,
    dedupeKey: `password-changed:${userId}:${changeId}`,
  };
}

export function verifyEmailEmail(to: string, userId: string, token: string): OutgoingEmail {
  return {
    to,
    subject: "Confirm your email address for Atrium",
    text: `Welcome to Atrium. Confirm that ${to} is your address: ${accountLink("emailVerify", token)}\n\nThe link works once and expires in 24 hours. Until then you can look around, but not create a workspace, invite people or choose a paid plan.\n\n${FOOTER}`,
    dedupeKey: `email-verify:${userId}:${hashOneTimeToken(token)}`,
  };
}

export function magicLinkEmail(to: string, userId: string, token: string): OutgoingEmail {
  return {
    to,
    subject: "Your Atrium sign-in link",
    text: `Sign in to Atrium as ${to}: ${accountLink("magicLink", token)}\n\nThe link works once and expires in 15 minutes. If you did not ask for it, ignore this email.\n\n${FOOTER}`,
    dedupeKey: `magic-link:${userId}:${hashOneTimeToken(token)}`,
  };
}

export function emailChangeEmail(to: string, from: string, userId: string, token: string): OutgoingEmail {
  return {
    to,
    subject: "Confirm your new email address for Atrium",
    text: `The Atrium account ${from} asked to use ${to} from now on. Confirm the change: ${accountLink("emailChange", token)}\n\nThe link works once and expires in 24 hours. Until you confirm, the account keeps its current address. If you did not ask for this, ignore this email.\n\n${FOOTER}`,
    dedupeKey: `email-change:${userId}:${hashOneTimeToken(token)}`,
  };
}

export function emailChangedNoticeEmail(oldAddress: string, newAddress: string, userId: string, changeId: string): OutgoingEmail {
  return {
    to: oldAddress,
    subject: "Your Atrium email address was changed",
    text: `The Atrium account that used ${oldAddress} now uses ${newAddress}, and every session was signed out.\n\nIf this was not you, reply to this email or contact support right away.\n\n${FOOTER}`,
    dedupeKey: `email-changed:${userId}:${changeId}`,
  };
}
