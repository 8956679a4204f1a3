import { desc } from "drizzle-orm";
import { getDb } from "../db/client";
import { emailOutbox } from "../db/schema";

export async function listOutbox({ limit = 100 }: { limit?: number } = {}) {
  return getDb().select().from(emailOutbox).orderBy(desc(emailOutbox.createdAt)).limit(limit);
}
