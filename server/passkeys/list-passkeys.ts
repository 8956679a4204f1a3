import { asc, eq } from "drizzle-orm";
import { getDb } from "../db/client";
import { passkeys } from "../db/schema";

export type PasskeySummary = { id: string; name: string; createdAt: Date; lastUsedAt: Date | null; backedUp: boolean };

/** The person's passkeys, oldest first (what the account page lists; no key material). */
export async function listPasskeys(userId: string): Promise<PasskeySummary[]> {
  return getDb()
    .select({ id: passkeys.id, name: passkeys.name, createdAt: passkeys.createdAt, lastUsedAt: passkeys.lastUsedAt, backedUp: passkeys.backedUp })
    .from(passkeys)
    .where(eq(passkeys.userId, userId))
    .orderBy(asc(passkeys.createdAt), asc(passkeys.id));
}
