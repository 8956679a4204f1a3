import { and, eq, inArray, isNull, ne, sql } from "drizzle-orm";
import { getDb } from "../db/client";
import { authSessions } from "../db/schema";
import { AppError } from "../errors";
import { logger } from "../logger";
import { forgetSessionStates } from "./session-state";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type RevokeSessionOptions = { userId: string; sessionId: string };

/**
 * Ends one of the user's sign-ins on every host it was carried to (its family). Another
 * person's session, an unknown id and one already ended are all "not found".
 */
export async function revokeSession({ userId, sessionId }: RevokeSessionOptions): Promise<number> {
  if (!UUID.test(sessionId)) throw new AppError("NOT_FOUND", "That session was not found. It may have ended already.");
  const family = getDb()
    .select({ familyId: authSessions.familyId })
    .from(authSessions)
    .where(and(eq(authSessions.id, sessionId), eq(authSessions.userId, userId)));
  const ended = await getDb()
    .update(authSessions)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(authSessions.userId, userId), inArray(authSessions.familyId, family), isNull(authSessions.revokedAt)))
    .returning({ id: authSessions.id });
  if (!ended.length) throw new AppError("NOT_FOUND", "That session was not found. It may have ended already.");
  forgetSessionStates(userId, ended.map((s) => s.id));
  return ended.length;
}

export type RevokeOtherSessionsOptions = { userId: string; currentSessionId: string };

/** "Sign out everywhere else": every sign-in of the user except the one making the request. */
export async function revokeOtherSessions({ userId, currentSessionId }: RevokeOtherSessionsOptions): Promise<number> {
  if (!UUID.test(currentSessionId)) throw new AppError("BAD_REQUEST", "This session cannot end the others. Sign out and in again first.");
  const [current] = await getDb()
    .select({ familyId: authSessions.familyId })
    .from(authSessions)
    .where(and(eq(authSessions.id, currentSessionId), eq(authSessions.userId, userId), isNull(authSessions.revokedAt)));
  if (!current) throw new AppError("NOT_FOUND", "Your session has ended. Sign in again.");
  const ended = await getDb()
    .update(authSessions)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(authSessions.userId, userId), ne(authSessions.familyId, current.familyId), isNull(authSessions.revokedAt)))
    .returning({ id: authSessions.id });
  forgetSessionStates(userId, ended.map((s) => s.id));
  return ended.length;
}

/** Marks every session of the user ended (sign-out everywhere, password change, account deletion). */
export async function revokeAllSessions(userId: string): Promise<void> {
  const ended = await getDb()
    .update(authSessions)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(authSessions.userId, userId), isNull(authSessions.revokedAt)))
    .returning({ id: authSessions.id });
  forgetSessionStates(userId, ended.map((s) => s.id));
}

/**
 * After a change to how the account signs in (a second factor or a passkey added or removed),
 * every other sign-in ends, as after a password change: whoever turns on two-factor because they
 * fear their password is known must not leave an intruder's session open. This sign-in stays.
 * Without its own record (`sessionId` null, or already ended) nothing ends here: signing this one
 * out too would hide the recovery codes that are shown only once.
 */
export async function endOtherSessionsAfterSignInChange(userId: string, sessionId: string | null | undefined): Promise<number> {
  if (!sessionId) return 0;
  // Runs after the change committed: a failure here (the database busy a moment) must not turn a
  // saved change into an error, which would hide the recovery codes shown only this once.
  return revokeOtherSessions({ userId, currentSessionId: sessionId }).catch((error: unknown) => {
    if (!(error instanceof AppError)) logger.error("other sign-ins were not ended after a sign-in change", { userId, error });
    return 0;
  });
}
