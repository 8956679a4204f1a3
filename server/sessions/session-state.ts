import { and, eq, lt, sql } from "drizzle-orm";
import { createCache } from "../cache/cache";
import { getDb } from "../db/client";
import { authSessions, users } from "../db/schema";

// The per-request check of a session cookie that carries a `sid`: the user's session version and
// the session's own record, read together in one statement and kept for a few seconds, as the
// session version alone was (session-version.ts). Ending a session drops its entry in this
// process at once; other instances notice within the time to live.
export const SESSION_STATE_TTL_MS = 5_000;

/** last_seen_at is written at most this often per session (and per instance), never per request. */
export const TOUCH_INTERVAL_MS = 5 * 60_000;

type SessionState = { userId: string; version: number; active: boolean; lastSeenMs: number };

const states = createCache<SessionState>({ name: "session-state", max: 50_000, ttlMs: SESSION_STATE_TTL_MS });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function loadState(userId: string, sessionId: string): Promise<SessionState> {
  const [row] = await getDb()
    .select({
      version: users.sessionVersion,
      found: sql<boolean>`${authSessions.id} is not null`,
      revokedAt: authSessions.revokedAt,
      expired: sql<boolean>`coalesce(${authSessions.expiresAt} <= now(), false)`,
      lastSeenAt: authSessions.lastSeenAt,
    })
    .from(users)
    .leftJoin(authSessions, and(eq(authSessions.id, sessionId), eq(authSessions.userId, users.id)))
    .where(eq(users.id, userId))
    .limit(1);
  if (!row) return { userId, version: -1, active: false, lastSeenMs: 0 };
  return { userId, version: row.version, active: row.found && !row.revokedAt && !row.expired, lastSeenMs: row.lastSeenAt?.getTime() ?? 0 };
}

export type SessionCheck = { userId: string; version: number; sessionId: string; now?: number };

/**
 * Whether a session with this id, minted at this session version, is still good: the user
 * exists, the version is current, and the record exists, belongs to the user and is not revoked.
 * Records when it was last used, at most every TOUCH_INTERVAL_MS.
 */
export async function isSessionActive({ userId, version, sessionId, now = Date.now() }: SessionCheck): Promise<boolean> {
  if (!UUID.test(sessionId) || !UUID.test(userId)) return false;
  const key = `${userId}:${sessionId}`;
  const state = await states.getOrLoad(key, () => loadState(userId, sessionId));
  if (state.userId !== userId || !state.active || state.version !== version) return false;
  if (now - state.lastSeenMs > TOUCH_INTERVAL_MS) {
    // Marked in the cached entry first, so concurrent requests of this session write once.
    state.lastSeenMs = now;
    await getDb()
      .update(authSessions)
      .set({ lastSeenAt: new Date(now) })
      .where(and(eq(authSessions.id, sessionId), lt(authSessions.lastSeenAt, new Date(now - TOUCH_INTERVAL_MS))));
  }
  return true;
}

/** Drops cached states (after revoking sessions), so this process refuses them at once. */
export function forgetSessionStates(userId: string, sessionIds: string[]): void {
  for (const id of sessionIds) states.delete(`${userId}:${id}`);
}
