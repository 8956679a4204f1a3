import { lt, sql } from "drizzle-orm";
import { getDb } from "../db/client";
import { authHandoffs, authTokens } from "../db/schema";

/**
 * Deletes single-use tokens a day after they expired and sign-in hand-offs an hour after, the same
 * cut-offs issuing new ones applies; this keeps the tables small when nobody signs in.
 */
export async function pruneOneTimeTokens(): Promise<{ tokens: number; handoffs: number }> {
  const db = getDb();
  const tokens = await db.delete(authTokens).where(lt(authTokens.expiresAt, sql`now() - interval '1 day'`)).returning({ hash: authTokens.tokenHash });
  const handoffs = await db.delete(authHandoffs).where(lt(authHandoffs.expiresAt, sql`now() - interval '1 hour'`)).returning({ hash: authHandoffs.tokenHash });
  return { tokens: tokens.length, handoffs: handoffs.length };
}
