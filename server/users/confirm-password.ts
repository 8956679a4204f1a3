import { eq } from "drizzle-orm";
import { getDb } from "../db/client";
import { users } from "../db/schema";
import { AppError } from "../errors";
import { authenticateUser, SignInThrottledError } from "./authenticate-user";

function passwordProblem(message: string): AppError {
  return new AppError("BAD_REQUEST", message, { fieldErrors: { password: [message] } });
}

/**
 * The signed-in person's password, entered again before something a stolen session alone must
 * not do (adding or removing a passkey, turning on an authenticator). Throttled like sign-in;
 * every refusal is a form error on the `password` field. Returns the account's email.
 */
export async function confirmPassword({ userId, password, ip }: { userId: string; password: string; ip: string | null }): Promise<{ email: string; locale: string | null }> {
  const [user] = await getDb().select({ email: users.email, locale: users.locale }).from(users).where(eq(users.id, userId));
  if (!user) throw new AppError("UNAUTHORIZED", "Please sign in again.");
  if (!password) throw passwordProblem("Enter your password.");
  let confirmed;
  try {
    confirmed = await authenticateUser({ email: user.email, password, ip });
  } catch (error) {
    if (error instanceof SignInThrottledError) throw passwordProblem(error.message);
    throw error;
  }
  if (confirmed?.id !== userId) throw passwordProblem("That password is not correct.");
  return user;
}
