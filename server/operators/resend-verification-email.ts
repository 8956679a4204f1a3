import { sendVerificationEmail } from "../accounts/email-verification";
import { AppError } from "../errors";
import { actOnUser, type UserActionOptions } from "./act-on-user";

export type ResendVerificationEmailOptions = UserActionOptions;

/** Platform support sends a fresh verification link to a user who never got (or lost) theirs. */
export async function resendVerificationEmailAsOperator(options: ResendVerificationEmailOptions): Promise<{ email: string }> {
  return actOnUser(options, "operator.verification_resent", async (tx, user) => {
    if (user.emailVerifiedAt) throw new AppError("CONFLICT", "This email address is already verified.");
    await sendVerificationEmail(tx, user);
    return { metadata: { email: user.email }, result: { email: user.email } };
  });
}
