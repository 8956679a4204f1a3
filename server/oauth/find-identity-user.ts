import { and, eq } from "drizzle-orm";
import { getDb } from "../db/client";
import { authIdentities } from "../db/schema";

/** The user a linked provider account belongs to, or null. */
export async function findIdentityUser(provider: string, providerAccountId: string): Promise<string | null> {
  const [row] = await getDb()
    .select({ userId: authIdentities.userId })
    .from(authIdentities)
    .where(and(eq(authIdentities.provider, provider), eq(authIdentities.providerAccountId, providerAccountId)));
  return row?.userId ?? null;
}
