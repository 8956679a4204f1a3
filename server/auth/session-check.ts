import "server-only";
import { isSessionActive } from "../sessions/session-state";
import { getSessionVersion } from "./session-version";

export type SessionTokenClaims = { sub: string; sv: unknown; sid?: unknown };

/**
 * The check every signed-in request makes (current-user.ts, and config.ts's jwt callback): the
 * session version is current and the session's record (`sid`) exists and has not been ended;
 * one statement, cached for a few seconds (session-state.ts). Tokens minted before session
 * records existed carry no `sid`: they keep working on the version check alone until they
 * expire or the version is bumped (sign-out, password change).
 */
export async function isSessionCurrent({ sub, sv, sid }: SessionTokenClaims): Promise<boolean> {
  if (typeof sv !== "number") return false;
  if (typeof sid === "string") return isSessionActive({ userId: sub, version: sv, sessionId: sid });
  if (sid !== undefined && sid !== null) return false;
  const current = await getSessionVersion(sub);
  return current !== null && current === sv;
}
