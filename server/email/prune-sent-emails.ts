import { and, isNotNull, lt, or, gte, sql } from "drizzle-orm";
import { withoutTenant } from "../db/with-tenant";
import { emailOutbox } from "../db/schema";
import { env } from "../env";

const MAX_ATTEMPTS = 5;

/**
 * Deletes outbox rows older than EMAIL_RETENTION_DAYS that are done: sent, given up on, or (with
 * no SMTP configured, where the outbox page is the only delivery) shown there long enough.
 */
export async function pruneSentEmails({ now = new Date() }: { now?: Date } = {}): Promise<number> {
  const cutoff = new Date(now.getTime() - env.EMAIL_RETENTION_DAYS * 86_400_000);
  const done = env.SMTP_URL ? or(isNotNull(emailOutbox.sentAt), gte(emailOutbox.attempts, MAX_ATTEMPTS)) : sql`true`;
  const deleted = await withoutTenant((tx) =>
    tx
      .delete(emailOutbox)
      .where(and(lt(emailOutbox.createdAt, cutoff), done))
      .returning({ id: emailOutbox.id }),
  );
  return deleted.length;
}
