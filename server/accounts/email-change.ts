import { randomUUID } from "node:crypto";
import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import type { RequestMeta } from "../audit/record-audit-event";
import { consumeOneTimeToken, issueOneTimeToken, peekOneTimeToken, revokeOneTimeTokens } from "../auth/one-time-tokens";
import { revokeAllSessions } from "../sessions/revoke-sessions";
import { forgetSessionVersion } from "../auth/session-version";
import { getDb } from "../db/client";
import { authTokens, users } from "../db/schema";
import { enqueueEmails } from "../email/enqueue-email";
import { ssoWorkspacesLosingAddress } from "../sso/sso-enforcement";
import { AppError } from "../errors";
import { authenticateUser } from "../users/authenticate-user";
import { emailChangedNoticeEmail, emailChangeEmail } from "./account-emails";
import { findUserByEmail, lockUser, parseEmailInput } from "./find-user";
import { recordInEveryWorkspace } from "./record-account-event";
import { throttleAccountEmail } from "./throttles";

export const EMAIL_CHANGE_TTL_SECONDS = 24 * 3600;

export const EMAIL_CHANGE_INVALID = "This confirmation link has expired or was already used. Ask for a new one on your account page.";
const TAKEN = "Another account already uses this address.";

function isUniqueViolation(error: unknown): boolean {
  const cause = (error as { cause?: { code?: string } })?.cause ?? error;
  return (cause as { code?: string })?.code === "23505";
}

/**
 * An address a workspace's enforced single sign-on manages stays within its verified domains: moved
 * out, its person would sign in with a password again and outlive their removal at the provider.
 */
async function refuseLeavingSso(userId: string, from: string, to: string): Promise<void> {
  const workspaces = await ssoWorkspacesLosingAddress(userId, from, to);
  if (!workspaces.length) return;
  const message = `Your address is managed by the single sign-on of ${workspaces.join(", ")}: it can only change to another address in that workspace's verified domains. Ask its admins.`;
  throw new AppError("FORBIDDEN", message, { reason: "sso_managed_address", fieldErrors: { email: [message] } });
}

export type RequestEmailChangeOptions = { userId: string; newEmail: unknown; password: unknown; ip: string | null };

/**
 * Asks for a new address: the current password, then a link to the new address. The account
 * keeps its address until that link is confirmed; asking again replaces the earlier link.
 */
export async function requestEmailChange({ userId, newEmail: input, password, ip }: RequestEmailChangeOptions): Promise<{ sentTo: string }> {
  const newEmail = parseEmailInput(input);
  const current = await getDb().select().from(users).where(eq(users.id, userId)).limit(1);
  const user = current[0];
  if (!user) throw new AppError("NOT_FOUND", "Account not found.");
  if (newEmail === user.email.toLowerCase()) throw new AppError("BAD_REQUEST", "This is already your address.", { fieldErrors: { email: ["This is already your address."] } });
  await throttleAccountEmail("email-change", userId, ip);
  const typed = typeof password === "string" ? password : "";
  const proven = typed ? await authenticateUser({ email: user.email, password: typed, ip }) : null;
  if (!proven || proven.id !== userId) throw new AppError("BAD_REQUEST", "That password is not correct.", { fieldErrors: { password: ["That password is not correct."] } });
  if (await findUserByEmail(newEmail)) throw new AppError("CONFLICT", TAKEN, { fieldErrors: { email: [TAKEN] } });
  await refuseLeavingSso(userId, user.email, newEmail);
  await getDb().transaction(async (tx) => {
    await revokeOneTimeTokens(userId, ["email_change"], tx);
    const token = await issueOneTimeToken({ purpose: "email_change", userId, email: newEmail, ttlSeconds: EMAIL_CHANGE_TTL_SECONDS, data: { from: user.email } }, tx);
    await enqueueEmails(tx, [emailChangeEmail(newEmail, user.email, userId, token, user.locale)]);
  });
  return { sentTo: newEmail };
}

/** What a live confirmation link would change (the page shows it). Does not spend it. */
export async function viewEmailChange(token: string): Promise<{ from: string; to: string } | null> {
  const row = await peekOneTimeToken("email_change", token);
  if (!row?.email || typeof row.data.from !== "string") return null;
  return { from: row.data.from, to: row.email };
}

export type ConfirmEmailChangeOptions = { token: string; meta: RequestMeta };

/**
 * Confirms the new address, in one transaction: the link is spent, the address replaced and
 * marked verified, every session ends (they carry the old address) and links sent to the old
 * address are revoked; the old address is told, and each workspace records the change.
 */
export async function confirmEmailChange({ token, meta }: ConfirmEmailChangeOptions): Promise<{ userId: string; from: string; to: string }> {
  try {
    const changed = await getDb().transaction(async (tx) => {
      const link = await consumeOneTimeToken("email_change", token, tx);
      if (!link?.userId || !link.email) throw new AppError("BAD_REQUEST", EMAIL_CHANGE_INVALID, { reason: "link_invalid" });
      const user = await lockUser(tx, link.userId);
      // Asked for from another address than the account has now: that request is void.
      if (!user || user.email !== link.data.from) throw new AppError("BAD_REQUEST", EMAIL_CHANGE_INVALID, { reason: "link_invalid" });
      // Enforcement may have begun since the link was asked for.
      await refuseLeavingSso(user.id, user.email, link.email);
      const taken = await findUserByEmail(link.email, tx);
      if (taken && taken.id !== user.id) throw new AppError("CONFLICT", `${TAKEN} Keep your current address, or ask for a change to another one.`, { reason: "email_taken" });
      await tx
        .update(users)
        .set({ email: link.email, emailVerifiedAt: sql`now()`, sessionVersion: sql`${users.sessionVersion} + 1`, updatedAt: new Date() })
        .where(eq(users.id, user.id));
      await revokeOneTimeTokens(user.id, ["password_reset", "magic_link", "email_verify", "email_change"], tx);
      await enqueueEmails(tx, [emailChangedNoticeEmail(user.email, link.email, user.id, randomUUID(), user.locale)]);
      await recordInEveryWorkspace(tx, { userId: user.id, action: "account.email_changed", metadata: { from: user.email, to: link.email }, meta });
      return { userId: user.id, from: user.email, to: link.email };
    });
    forgetSessionVersion(changed.userId);
    // The account page lists sessions from their records: mark them ended too.
    await revokeAllSessions(changed.userId);
    return changed;
  } catch (error) {
    // Another account took the address between the check and the update.
    if (isUniqueViolation(error)) throw new AppError("CONFLICT", `${TAKEN} Keep your current address, or ask for a change to another one.`, { reason: "email_taken" });
    throw error;
  }
}

/** The address a live confirmation link would change the account to, and until when; null when none. */
export async function pendingEmailChange(userId: string): Promise<{ to: string; expiresAt: Date } | null> {
  const [row] = await getDb()
    .select({ to: authTokens.email, expiresAt: authTokens.expiresAt })
    .from(authTokens)
    .where(and(eq(authTokens.userId, userId), eq(authTokens.purpose, "email_change"), isNull(authTokens.usedAt), gt(authTokens.expiresAt, sql`now()`)))
    .orderBy(desc(authTokens.createdAt))
    .limit(1);
  return row?.to ? { to: row.to, expiresAt: row.expiresAt } : null;
}

/** Withdraws a requested change: its link stops working; the account keeps its address. */
export async function cancelEmailChange(userId: string): Promise<void> {
  await revokeOneTimeTokens(userId, ["email_change"]);
}
