import { eq, sql } from "drizzle-orm";
import { getDb } from "../db/client";
import { users } from "../db/schema";

// A short cache keeps the per-request check cheap; sign-out on one host ends sessions on the
// others within this TTL (and at once in this process, which clears its own entry).
const TTL_MS = 5_000;
const globalCache = globalThis as unknown as { __atriumSessionVersions?: Map<string, { v: number; at: number }> };
const cache = (globalCache.__atriumSessionVersions ??= new Map());

/** The user's current session version, or null when the user no longer exists. */
export async function getSessionVersion(userId: string): Promise<number | null> {
  const hit = cache.get(userId);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.v;
  const [row] = await getDb()
    .select({ v: users.sessionVersion })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  if (!row) {
    cache.delete(userId);
    return null;
  }
  cache.set(userId, { v: row.v, at: Date.now() });
  return row.v;
}

/** Ends every session of the user on every host. */
export async function bumpSessionVersion(userId: string): Promise<void> {
  await getDb()
    .update(users)
    .set({ sessionVersion: sql`${users.sessionVersion} + 1`, updatedAt: new Date() })
    .where(eq(users.id, userId));
  cache.delete(userId);
}
