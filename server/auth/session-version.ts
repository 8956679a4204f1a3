import { eq, sql } from "drizzle-orm";
import { createCache } from "../cache/cache";
import { getDb } from "../db/client";
import { inSharedTransaction } from "../db/with-tenant";
import { users } from "../db/schema";
import { revokeAllSessions } from "../sessions/revoke-sessions";

// A short cache keeps the per-request check cheap; sign-out on one host ends sessions on the
// others within this TTL (and at once in this process, which drops its own entry).
// Loaded through getOrLoad: a read that began before a sign-out everywhere (bumpSessionVersion)
// must not put the old version back after that dropped it.
const versions = createCache<{ v: number | null }>({ name: "session-version", max: 50_000, ttlMs: 5_000 });

/** The user's current session version, or null when the user no longer exists. */
export async function getSessionVersion(userId: string): Promise<number | null> {
  const hit = versions.get(userId);
  if (hit) return hit.v;
  const load = async () => {
    const [row] = await getDb().select({ v: users.sessionVersion }).from(users).where(eq(users.id, userId)).limit(1);
    return { v: row?.v ?? null };
  };
  // A missing user is not remembered (a new account with this id is impossible, but cheap to allow).
  // Inside a shared read transaction, never wait for another request's load (inSharedTransaction).
  const { v } = await versions.getOrLoad(userId, load, { keep: (entry) => entry.v !== null, join: !inSharedTransaction() });
  return v;
}

/** Ends every session of the user on every host. */
export async function bumpSessionVersion(userId: string): Promise<void> {
  await getDb()
    .update(users)
    .set({ sessionVersion: sql`${users.sessionVersion} + 1`, updatedAt: new Date() })
    .where(eq(users.id, userId));
  versions.delete(userId);
  // The records say so too (the account page lists none), and this process forgets them at once.
  await revokeAllSessions(userId);
}

/** Drops this instance's cached version (after a caller bumped it inside its own transaction). */
export function forgetSessionVersion(userId: string): void {
  versions.delete(userId);
}
