import "server-only";
import { getSessionUser } from "./current-user";

/**
 * The sid of this request's session when it belongs to `userId`: a hand-off minted now continues
 * it on the other host (ending it from the account page ends both). Null outside a request
 * (scripts, tests) or for a token from before session records.
 */
export async function currentSessionIdOf(userId: string): Promise<string | null> {
  try {
    const user = await getSessionUser();
    return user?.id === userId ? (user.sessionId ?? null) : null;
  } catch {
    return null;
  }
}
