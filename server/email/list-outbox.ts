import { desc } from "drizzle-orm";
import { getDb } from "../db/client";
import { emailOutbox } from "../db/schema";
import { env } from "../env";
import { redactOneTimeLinks } from "./redact-one-time-links";

/**
 * The outbox page's rows. In development without SMTP that page is how email is "delivered",
 * so one-time links are shown as they are (local data only, pruned after EMAIL_RETENTION_DAYS).
 * In production only operators see the page, and never a usable one-time link of someone else:
 * links are masked here even for mail that could not be sent.
 */
export async function listOutbox({ limit = 100, revealOneTimeLinks = env.NODE_ENV !== "production" }: { limit?: number; revealOneTimeLinks?: boolean } = {}) {
  const rows = await getDb().select().from(emailOutbox).orderBy(desc(emailOutbox.createdAt)).limit(limit);
  return revealOneTimeLinks ? rows : rows.map((row) => ({ ...row, bodyText: redactOneTimeLinks(row.bodyText) }));
}
