import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type { RequestMeta } from "../audit/record-audit-event";
import { consumeOneTimeToken, issueOneTimeToken, peekOneTimeToken, revokeOneTimeTokens } from "../auth/one-time-tokens";
import { revokeAllSessions } from "../sessions/revoke-sessions";
import { forgetSessionVersion } from "../auth/session-version";
import { getDb } from "../db/client";
import { users } from "../db/schema";
import { enqueueEmails } from "../email/enqueue-email";
import { AppError } from "../errors";
import { hashPassword } from "../users/password";
import { ZPassword } from "../users/schemas";
import { passwordChangedEmail, passwordResetEmail } from "./account-emails";
import { withAnswerFloor } from "./answer-floor";
import { findUserByEmail, lockUser, parseEmailInput } from "./find-user";
import { recordInEveryWorkspace } from "./record-account-event";
import { throttleAccountEmail } from "./throttles";

export const PASSWORD_RESET_TTL_SECONDS = 30 * 60;

export const RESET_LINK_INVALID = "This reset link has expired or was already used. Ask for a new one.";

export type RequestPasswordResetOptions = { email: unknown; ip: string | null };

/**
 * Sends a reset link when the address has an account. The caller learns nothing either way:
 * same result, same minimum time, same throttles (per address and per IP). Only a malformed
 * address is refused, which says nothing about accounts.
 */
export async function requestPasswordReset({ email: input, ip }: RequestPasswordResetOptions): Promise<void> {
  const email = parseEmailInput(input);
  await withAnswerFloor(async () => {
    await throttleAccountEmail("password-reset", email, ip);
    const user = await findUserByEmail(email);
    if (!user) return;
    await getDb().transaction(async (tx) => {
      const token = await issueOneTimeToken({ purpose: "password_reset", userId: user.id, email: user.email, ttlSeconds: PASSWORD_RESET_TTL_SECONDS }, tx);
      await enqueueEmails(tx, [passwordResetEmail(user.email, user.id, token, user.locale)]);
    });
  });
}

/** The address a live reset link is for (the page shows it), or null. Does not spend the link. */
export async function viewPasswordReset(token: string): Promise<{ email: string } | null> {
  const row = await peekOneTimeToken("password_reset", token);
  return row?.email ? { email: row.email } : null;
}

export type ResetPasswordOptions = { token: string; password: unknown; meta: RequestMeta };

/**
 * Sets a new password with a reset link, in one transaction: the link is spent, every session
 * ends (new session version), every other reset and sign-in link is revoked (and a pending
 * change of address: whoever knew the old password may have asked for it), the address counts
 * as verified (the link proved it), the person is told by email, and each of their workspaces
 * records it. Returns the user, for the caller to sign in on this device.
 */
export async function resetPassword({ token, password, meta }: ResetPasswordOptions): Promise<{ userId: string }> {
  const parsed = ZPassword.safeParse(password);
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? "Choose another password.";
    throw new AppError("BAD_REQUEST", message, { fieldErrors: { password: [message] } });
  }
  // Hashing is slow: done before the transaction, which then only writes.
  const passwordHash = await hashPassword(parsed.data);
  const userId = await getDb().transaction(async (tx) => {
    const link = await consumeOneTimeToken("password_reset", token, tx);
    if (!link?.userId) throw new AppError("BAD_REQUEST", RESET_LINK_INVALID, { reason: "link_invalid" });
    const user = await lockUser(tx, link.userId);
    // A link sent to an address the account no longer uses proves nothing.
    if (!user || user.email.toLowerCase() !== link.email?.toLowerCase()) throw new AppError("BAD_REQUEST", RESET_LINK_INVALID, { reason: "link_invalid" });
    await tx
      .update(users)
      .set({ passwordHash, sessionVersion: sql`${users.sessionVersion} + 1`, emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, now())`, updatedAt: new Date() })
      .where(eq(users.id, user.id));
    await revokeOneTimeTokens(user.id, ["password_reset", "magic_link", "email_change"], tx);
    await enqueueEmails(tx, [passwordChangedEmail(user.email, user.id, randomUUID(), user.locale)]);
    await recordInEveryWorkspace(tx, { userId: user.id, action: "account.password_reset", metadata: { email: user.email }, meta });
    return user.id;
  });
  forgetSessionVersion(userId);
  // The account page lists sessions from their records: mark them ended too.
  await revokeAllSessions(userId);
  return { userId };
}
