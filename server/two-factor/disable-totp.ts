import { eq } from "drizzle-orm";
import { getDb } from "../db/client";
import { userRecoveryCodes, userTotp, users } from "../db/schema";
import { AppError } from "../errors";
import { endOtherSessionsAfterSignInChange } from "../sessions/revoke-sessions";
import { verifyPassword } from "../users/password";
import { emailSecondFactorRemoved } from "./security-emails";
import { refundSecondFactorAttempt, spendSecondFactorAttempt } from "./throttle";
import { acceptSecondFactor, type SecondFactorMethod } from "./verify-second-factor";

/** `sessionId`: the sign-in turning it off, which stays; every other one ends. */
export type DisableTotpOptions = { userId: string; password: string; method: SecondFactorMethod; code: string; ip: string | null; sessionId?: string | null };

/**
 * Turns the authenticator off: needs the password and a current code (or a recovery code), so a
 * borrowed unlocked session alone cannot remove it. Throttled like the sign-in step.
 */
export async function disableTotp({ userId, password, method, code, ip, sessionId }: DisableTotpOptions): Promise<void> {
  if (password.length > 200 || code.length > 64) throw new AppError("BAD_REQUEST", "That is not a valid password or code.");
  await spendSecondFactorAttempt(userId, ip);
  const [user] = await getDb().select().from(users).where(eq(users.id, userId)).limit(1);
  if (!user) throw new AppError("NOT_FOUND", "Account not found.");
  if (!(await verifyPassword(user.passwordHash, password))) {
    throw new AppError("BAD_REQUEST", "Your password is not right.", { fieldErrors: { password: ["Your password is not right."] } });
  }
  await getDb().transaction(async (tx) => {
    await tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).for("update");
    const [row] = await tx.select({ confirmedAt: userTotp.confirmedAt }).from(userTotp).where(eq(userTotp.userId, userId));
    if (!row?.confirmedAt) throw new AppError("CONFLICT", "Two-factor authentication is not on.");
    if (!(await acceptSecondFactor(tx, userId, method, code))) {
      const message = method === "recovery" ? "That recovery code is not right or was already used." : "That code is not right. Enter the newest code from your app.";
      throw new AppError("BAD_REQUEST", message, { fieldErrors: { code: [message] } });
    }
    await tx.delete(userRecoveryCodes).where(eq(userRecoveryCodes.userId, userId));
    await tx.delete(userTotp).where(eq(userTotp.userId, userId));
    await emailSecondFactorRemoved(tx, user, new Date().toISOString());
  });
  await refundSecondFactorAttempt(userId, ip);
  await endOtherSessionsAfterSignInChange(userId, sessionId);
}
