import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { RequestMeta } from "../audit/record-audit-event";
import { revokeOneTimeTokens } from "../auth/one-time-tokens";
import { bumpSessionVersion } from "../auth/session-version";
import { getDb } from "../db/client";
import { users } from "../db/schema";
import { enqueueEmails } from "../email/enqueue-email";
import { AppError, isAppError } from "../errors";
import { revokeOtherSessions } from "../sessions/revoke-sessions";
import { confirmPassword } from "../users/confirm-password";
import { hashPassword } from "../users/password";
import { ZPassword } from "../users/schemas";
import { passwordChangedEmail } from "./account-emails";
import { lockUser } from "./find-user";
import { recordInEveryWorkspace } from "./record-account-event";

export type ChangePasswordOptions = { userId: string; sessionId: string | null; currentPassword: string; newPassword: string; meta: RequestMeta };

const newPasswordProblem = (message: string) => new AppError("BAD_REQUEST", message, { fieldErrors: { newPassword: [message] } });

/**
 * Changes the signed-in person's password: the current one typed again (throttled like sign-in,
 * refused on the `password` field), the new one checked like at sign-up. In one transaction the
 * hash changes, reset and sign-in links die, the person is told by email and each workspace
 * records it; then every other sign-in ends (whoever knew the old password may be one of them),
 * this one stays. Returns how many others ended.
 */
export async function changePassword({ userId, sessionId, currentPassword, newPassword, meta }: ChangePasswordOptions): Promise<{ endedSessions: number; signedOut: boolean }> {
  const parsed = ZPassword.safeParse(newPassword);
  if (!parsed.success) throw newPasswordProblem(parsed.error.issues[0]?.message ?? "Choose another password.");
  await confirmPassword({ userId, password: currentPassword, ip: meta.ip });
  if (newPassword === currentPassword) throw newPasswordProblem("Choose a password different from your current one.");
  // Hashing is slow: done before the transaction, which then only writes.
  const passwordHash = await hashPassword(parsed.data);
  await getDb().transaction(async (tx) => {
    const user = await lockUser(tx, userId);
    if (!user) throw new AppError("UNAUTHORIZED", "Please sign in again.");
    await tx.update(users).set({ passwordHash, updatedAt: new Date() }).where(eq(users.id, userId));
    await revokeOneTimeTokens(userId, ["password_reset", "magic_link", "email_change"], tx);
    await enqueueEmails(tx, [passwordChangedEmail(user.email, user.id, randomUUID(), user.locale)]);
    await recordInEveryWorkspace(tx, { userId, action: "account.password_changed", metadata: { email: user.email }, meta });
  });
  // Every other sign-in must end. Without this sign-in's own record (a token from before records
  // were kept, or one ended meanwhile) the others cannot be told apart from it: all end, this one too.
  const endedSessions = sessionId
    ? await revokeOtherSessions({ userId, currentSessionId: sessionId }).catch((error: unknown) => {
        if (isAppError(error)) return null;
        throw error;
      })
    : null;
  if (endedSessions === null) {
    await bumpSessionVersion(userId);
    return { endedSessions: 0, signedOut: true };
  }
  return { endedSessions, signedOut: false };
}
