import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import { getDb } from "../db/client";
import { authSessions } from "../db/schema";

/** A session cookie lives this long (config.ts): a record unused for longer has expired. */
export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 3600;

export type ActiveSession = {
  /** The sign-in's id: pass it to revokeSession. */
  id: string;
  browser: string;
  os: string;
  ip: string | null;
  /** Every host the sign-in was carried to, the one it started on first. */
  hosts: string[];
  createdAt: Date;
  lastSeenAt: Date;
  current: boolean;
};

export type ListActiveSessionsOptions = { userId: string; currentSessionId?: string | null };

/** The user's sign-ins that have not ended, this device's first, then most recently used; each covers every host it reached. */
export async function listActiveSessions({ userId, currentSessionId = null }: ListActiveSessionsOptions): Promise<ActiveSession[]> {
  const lastSeen = sql<Date>`max(${authSessions.lastSeenAt})`;
  const rows = await getDb()
    .select({
      id: authSessions.familyId,
      browser: sql<string>`(array_agg(${authSessions.browser} order by ${authSessions.createdAt}))[1]`,
      os: sql<string>`(array_agg(${authSessions.os} order by ${authSessions.createdAt}))[1]`,
      ip: sql<string | null>`(array_agg(${authSessions.ip} order by ${authSessions.createdAt}))[1]`,
      hosts: sql<string[]>`array_agg(${authSessions.host} order by ${authSessions.createdAt})`,
      createdAt: sql<string>`min(${authSessions.createdAt})`,
      lastSeenAt: sql<string>`${lastSeen}`,
      current: sql<boolean>`bool_or(${authSessions.id} = ${currentSessionId ?? "00000000-0000-0000-0000-000000000000"}::uuid)`,
    })
    .from(authSessions)
    .where(and(eq(authSessions.userId, userId), isNull(authSessions.revokedAt), gt(authSessions.lastSeenAt, sql`now() - make_interval(secs => ${SESSION_MAX_AGE_SECONDS})`)))
    .groupBy(authSessions.familyId)
    .orderBy(desc(lastSeen));
  const sessions = rows.map((r) => ({ ...r, hosts: [...new Set(r.hosts)], createdAt: new Date(r.createdAt), lastSeenAt: new Date(r.lastSeenAt) }));
  // This device first, then the others by last use.
  return [...sessions.filter((s) => s.current), ...sessions.filter((s) => !s.current)];
}
