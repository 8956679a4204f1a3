import { eq, sql } from "drizzle-orm";
import { createCache } from "../cache/cache";
import { getDb } from "../db/client";
import { users } from "../db/schema";
import { revokeAllSessions } from "../sessions/revoke-sessions";

// A short cache keeps the per-request check cheap; sign-out on one host ends sessions on the
// others within this TTL (and at once in this process, which drops its own entry).
const versions = createCache<{ v: number }>({ name: "session-version", max: 50_000, ttlMs: 5_000 });

/** The user's current session version, or null when the user no longer exists. */
export async function getSessionVersion(userId: string): Promise<number | null> {
  const hit = versions.get(userId);
  if (hit) return hit.v;
  const [row] = await getDb()
    .select({ v: users.sessionVersion })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  if (!row) return null;
  versions.set(userId, { v: row.v });
  return row.v;
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
