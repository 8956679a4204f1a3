import { and, count, eq, isNotNull, isNull, lt, or } from "drizzle-orm";
import type { Transaction } from "../db/client";
import { userRecoveryCodes, userTotp, users } from "../db/schema";
import { recoveryCodeHash } from "./recovery-codes";
import { openSecret } from "./secret-box";
import { emailRecoveryCodeUsed } from "./security-emails";
import { matchTotpStep, normaliseTotpCode } from "./totp";

export type SecondFactorMethod = "totp" | "recovery";

/**
 * Accepts a current code of the user's confirmed authenticator once: the step it belongs to is
 * recorded with a conditional UPDATE, so the same code (or an older one) is refused afterwards,
 * also when two requests race.
 */
export async function acceptTotpCode(tx: Transaction, userId: string, input: string): Promise<boolean> {
  const code = normaliseTotpCode(input);
  if (!code) return false;
  const [row] = await tx.select().from(userTotp).where(and(eq(userTotp.userId, userId), isNotNull(userTotp.confirmedAt))).limit(1);
  const secret = row ? openSecret(row.secretSealed, userId) : null;
  const step = secret ? matchTotpStep(secret, code) : null;
  if (step === null) return false;
  const accepted = await tx
    .update(userTotp)
    .set({ lastUsedStep: step })
    .where(and(eq(userTotp.userId, userId), isNotNull(userTotp.confirmedAt), or(isNull(userTotp.lastUsedStep), lt(userTotp.lastUsedStep, step))))
    .returning({ userId: userTotp.userId });
  return accepted.length === 1;
}

/** Uses up one recovery code (one UPDATE … WHERE used_at IS NULL: a code works once, whoever races) and emails the person. */
export async function acceptRecoveryCode(tx: Transaction, userId: string, input: string): Promise<boolean> {
  const hash = recoveryCodeHash(input);
  if (!hash) return false;
  const [used] = await tx
    .update(userRecoveryCodes)
    .set({ usedAt: new Date() })
    .where(and(eq(userRecoveryCodes.userId, userId), eq(userRecoveryCodes.codeHash, hash), isNull(userRecoveryCodes.usedAt)))
    .returning({ id: userRecoveryCodes.id });
  if (!used) return false;
  const [left] = await tx.select({ n: count() }).from(userRecoveryCodes).where(and(eq(userRecoveryCodes.userId, userId), isNull(userRecoveryCodes.usedAt)));
  const [user] = await tx.select({ id: users.id, email: users.email, name: users.name, locale: users.locale }).from(users).where(eq(users.id, userId));
  if (user) await emailRecoveryCodeUsed(tx, user, used.id, left?.n ?? 0);
  return true;
}

export function acceptSecondFactor(tx: Transaction, userId: string, method: SecondFactorMethod, code: string): Promise<boolean> {
  return method === "recovery" ? acceptRecoveryCode(tx, userId, code) : acceptTotpCode(tx, userId, code);
}
