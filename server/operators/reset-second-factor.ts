import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { passkeys, userRecoveryCodes, userTotp } from "../db/schema";
import { enqueueEmails } from "../email/enqueue-email";
import { bumpSessionVersion } from "../auth/session-version";
import { AppError } from "../errors";
import { userHasSecondFactor } from "../two-factor/has-second-factor";
import { actOnUser, type UserActionOptions } from "./act-on-user";

export type ResetSecondFactorOptions = UserActionOptions & {
  /** Passkeys too (a lost device that held them); by default only the authenticator app and recovery codes. */
  includePasskeys?: boolean;
};

/**
 * For a user locked out of their account (lost phone, no recovery codes): removes the
 * authenticator app and its recovery codes (and passkeys when asked), so they sign in with their
 * password and set a second factor up again. They are told by email. An operator cannot reset
 * their own: that would be a way round the console's second-factor requirement.
 */
export async function resetSecondFactor(options: ResetSecondFactorOptions): Promise<{ removedPasskeys: number }> {
  // uuid comparison in PostgreSQL ignores case, so this one must too.
  if (options.operator && options.operator.id.toLowerCase() === options.userId.trim().toLowerCase()) throw new AppError("FORBIDDEN", "You cannot reset your own second factor; ask another operator admin.");
  let userId: string | null = null;
  const result = await actOnUser(options, "operator.second_factor_reset", async (tx, user, reason) => {
    userId = user.id;
    if (!(await userHasSecondFactor(user.id, tx))) throw new AppError("CONFLICT", "This account has no second factor to reset.");
    await tx.delete(userRecoveryCodes).where(eq(userRecoveryCodes.userId, user.id));
    const totp = await tx.delete(userTotp).where(eq(userTotp.userId, user.id)).returning({ userId: userTotp.userId });
    const removed = options.includePasskeys ? await tx.delete(passkeys).where(eq(passkeys.userId, user.id)).returning({ id: passkeys.id }) : [];
    await enqueueEmails(tx, [
      {
        to: user.email,
        subject: "Your two-factor authentication was reset by platform support",
        text: `Hello ${user.name},\n\nAt your request, platform support removed ${options.includePasskeys ? "the second factors (authenticator app, recovery codes and passkeys)" : "the authenticator app and recovery codes"} from your Atrium account. Sign in with your password and set up two-factor authentication again.\n\nIf you did not ask for this, contact support at once.\n`,
        dedupeKey: `2fa-reset:${user.id}:${randomUUID()}`,
      },
    ]);
    return { metadata: { authenticatorRemoved: totp.length > 0, passkeysRemoved: removed.length, reason }, result: { removedPasskeys: removed.length } };
  });
  // Every sign-in of the account ends, as when its owner removes a factor: a lost or stolen device
  // may still hold one (the operator holds none, so none is kept).
  if (userId) await bumpSessionVersion(userId);
  return result;
}
