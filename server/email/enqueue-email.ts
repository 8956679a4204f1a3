import { emailOutbox } from "../db/schema";
import type { Transaction } from "../db/client";
import { afterCommit } from "../db/with-tenant";
import { enqueueJobAfterCommit } from "../jobs/enqueue-job";
import { metrics } from "../metrics/metrics";

export type OutgoingEmail = { to: string; subject: string; text: string; dedupeKey: string };

/**
 * Writes emails into the outbox inside the caller's transaction; once it commits, the email-send
 * job is enqueued so they go out at once (its schedule sends whatever a lost enqueue left).
 * The dedupe key makes each one idempotent: replaying its cause never sends it twice.
 */
export async function enqueueEmails(tx: Transaction, emails: OutgoingEmail[]): Promise<number> {
  if (!emails.length) return 0;
  const inserted = await tx
    .insert(emailOutbox)
    .values(emails.map((e) => ({ dedupeKey: e.dedupeKey, toAddress: e.to, subject: e.subject, bodyText: e.text })))
    .onConflictDoNothing({ target: emailOutbox.dedupeKey })
    .returning({ id: emailOutbox.id });
  if (inserted.length) {
    enqueueJobAfterCommit(tx, "email-send");
    afterCommit(tx, () => metrics().emailsQueued.inc(inserted.length));
  }
  return inserted.length;
}
