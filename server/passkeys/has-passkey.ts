import { eq } from "drizzle-orm";
import { getDb } from "../db/client";
import { passkeys } from "../db/schema";

/** Whether the person has a passkey (which then also serves as their second factor). */
export async function hasPasskey(userId: string): Promise<boolean> {
  const [row] = await getDb().select({ id: passkeys.id }).from(passkeys).where(eq(passkeys.userId, userId)).limit(1);
  return Boolean(row);
}
