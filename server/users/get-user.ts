import { eq } from "drizzle-orm";
import { getDb } from "../db/client";
import { users, type User } from "../db/schema";

export async function getUserById(userId: string): Promise<User | null> {
  const [user] = await getDb().select().from(users).where(eq(users.id, userId)).limit(1);
  return user ?? null;
}
