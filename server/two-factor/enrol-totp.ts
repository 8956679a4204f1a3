import { and, eq, isNull } from "drizzle-orm";
import { getDb } from "../db/client";
import { userRecoveryCodes, userTotp, users } from "../db/schema";
import { AppError } from "../errors";
import { endOtherSessionsAfterSignInChange } from "../sessions/revoke-sessions";
import { newRecoveryCodes, normaliseRecoveryCode } from "./recovery-codes";
import { hashRecoveryCode, openSecret, sealSecret } from "./secret-box";
import { emailSecondFactorAdded } from "./security-emails";
import { matchTotpStep, newTotpSecret, normaliseTotpCode, totpUri } from "./totp";
import { confirmPassword } from "../users/confirm-password";

/** The password again: a stolen session alone must not be able to turn on (and own) a second factor. */
export type StartTotpEnrolmentOptions = { userId: string; password: string; ip: string | null };
export type TotpEnrolment = { secret: string; uri: string };

/**
 * A fresh secret for the person to add to their app (replacing an unconfirmed one, e.g. from
 * another tab). It is not a second factor until confirmed with a code.
 */
export async function startTotpEnrolment({ userId, password, ip }: StartTotpEnrolmentOptions): Promise<TotpEnrolment> {
  await confirmPassword({ userId, password, ip });
  return getDb().transaction(async (tx) => {
    const [user] = await tx.select({ email: users.email, verifiedAt: users.emailVerifiedAt }).from(users).where(eq(users.id, userId)).for("update");
    if (!user) throw new AppError("NOT_FOUND", "Account not found.");
    // Whoever signed up with an address they cannot read must not plant a lasting way in before
    // its owner proves it (a reset or magic link would otherwise leave this factor behind).
    if (!user.verifiedAt) throw new AppError("FORBIDDEN", "Confirm your email address before turning on two-factor authentication.", { reason: "email_unverified" });
    const [existing] = await tx.select({ confirmedAt: userTotp.confirmedAt }).from(userTotp).where(eq(userTotp.userId, userId));
    if (existing?.confirmedAt) throw new AppError("CONFLICT", "Two-factor authentication is already on. Turn it off first to use another app.");
    const secret = newTotpSecret();
    const secretSealed = sealSecret(secret, userId);
    await tx
      .insert(userTotp)
      .values({ userId, secretSealed })
      .onConflictDoUpdate({ target: userTotp.userId, set: { secretSealed, lastUsedStep: null, createdAt: new Date() } });
    return { secret, uri: totpUri(secret, user.email) };
  });
}

/** `sessionId`: the sign-in confirming it, which stays; every other one ends. */
export type ConfirmTotpEnrolmentOptions = { userId: string; code: string; sessionId?: string | null };

/**
 * Proves the app works (one current code), turns the factor on and returns 10 new recovery codes
 * (only their hashes are kept: this is the one time they are shown). Emails the person.
 */
export async function confirmTotpEnrolment({ userId, code, sessionId }: ConfirmTotpEnrolmentOptions): Promise<string[]> {
  const digits = normaliseTotpCode(code);
  if (!digits) throw new AppError("BAD_REQUEST", "Enter the 6-digit code from your app.", { fieldErrors: { code: ["Enter the 6-digit code from your app."] } });
  const codes = await getDb().transaction(async (tx) => {
    const [user] = await tx.select({ id: users.id, email: users.email, name: users.name, locale: users.locale }).from(users).where(eq(users.id, userId)).for("update");
    const [row] = await tx.select().from(userTotp).where(eq(userTotp.userId, userId));
    if (!user || !row) throw new AppError("CONFLICT", "Start the setup again: no authenticator is waiting to be confirmed.");
    if (row.confirmedAt) throw new AppError("CONFLICT", "Two-factor authentication is already on.");
    const secret = openSecret(row.secretSealed, userId);
    const step = secret ? matchTotpStep(secret, digits) : null;
    if (step === null) {
      throw new AppError("BAD_REQUEST", "That code is not right. Check the time on your phone and enter the newest code.", {
        fieldErrors: { code: ["That code is not right. Enter the newest code from your app."] },
      });
    }
    const [confirmed] = await tx
      .update(userTotp)
      .set({ confirmedAt: new Date(), lastUsedStep: step })
      .where(and(eq(userTotp.userId, userId), isNull(userTotp.confirmedAt)))
      .returning({ confirmedAt: userTotp.confirmedAt });
    if (!confirmed?.confirmedAt) throw new AppError("CONFLICT", "Two-factor authentication is already on.");
    const codes = newRecoveryCodes();
    await tx.delete(userRecoveryCodes).where(eq(userRecoveryCodes.userId, userId));
    await tx.insert(userRecoveryCodes).values(codes.map((c) => ({ userId, codeHash: hashRecoveryCode(normaliseRecoveryCode(c)!) })));
    await emailSecondFactorAdded(tx, user, confirmed.confirmedAt.toISOString());
    return codes;
  });
  await endOtherSessionsAfterSignInChange(userId, sessionId);
  return codes;
}
