import { and, asc, eq, isNull, lt, lte, or, sql } from "drizzle-orm";
import { createTransport, type Transporter } from "nodemailer";
import { withoutTenant } from "../db/with-tenant";
import { emailOutbox } from "../db/schema";
import { env } from "../env";
import { logger } from "../logger";
import { metrics } from "../metrics/metrics";
import { redactOneTimeLinks } from "./redact-one-time-links";

const MAX_ATTEMPTS = 5;
/** Longer than one SMTP delivery may take (SEND_TIMEOUT_MS): then another sender may try. */
const LEASE_MS = 5 * 60_000;
/**
 * One delivery as a whole, well inside the lease: nodemailer's timeouts are per step, so a server
 * that trickles bytes could otherwise hold a send past the lease while another sender takes over.
 */
const SEND_TIMEOUT_MS = 2 * 60_000;

let transport: Transporter | undefined;

function smtp(url: string): Transporter {
  // Bounded waits: nodemailer's defaults let one stalled server hold a sender for ten minutes.
  transport ??= createTransport(url, { connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000 });
  return transport;
}

/** Retry delay after the n-th failed attempt: 1, 2, 4, 8 minutes. */
function backoffMs(attempts: number): number {
  return 60_000 * 2 ** Math.max(0, attempts - 1);
}

type Email = typeof emailOutbox.$inferSelect;

class SendTimeout extends Error {
  constructor(ms: number) {
    super(`SMTP delivery took longer than ${ms / 1000} s`);
  }
}

async function withinDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SendTimeout(ms)), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Claims the oldest email no one is sending (FOR UPDATE SKIP LOCKED, so two senders never take
 * the same one) and marks it with a lease, in its own short transaction: the SMTP conversation
 * happens after the commit, never while a transaction is open.
 */
async function claimNextEmail(): Promise<Email | null> {
  return withoutTenant(async (tx) => {
    const [email] = await tx
      .select()
      .from(emailOutbox)
      .where(and(isNull(emailOutbox.sentAt), lt(emailOutbox.attempts, MAX_ATTEMPTS), or(isNull(emailOutbox.claimedUntil), lte(emailOutbox.claimedUntil, sql`now()`))))
      // Mail to many (a status incident's subscribers) goes after everything else: a sign-in link or a
      // reset (valid minutes) must not wait behind thousands of notices queued a moment earlier.
      .orderBy(sql`${emailOutbox.dedupeKey} like 'status-incident:%'`, asc(emailOutbox.createdAt))
      .limit(1)
      .for("update", { skipLocked: true });
    if (!email) return null;
    const [claimed] = await tx
      .update(emailOutbox)
      .set({ attempts: email.attempts + 1, claimedUntil: sql`now() + make_interval(secs => ${LEASE_MS / 1000})` as unknown as Date })
      .where(eq(emailOutbox.id, email.id))
      .returning();
    return claimed ?? null;
  });
}

/** `more`: the run stopped at its limit with emails possibly still waiting. */
export type EmailDelivery = { sent: number; failed: number; errors: string[]; more: boolean };

/**
 * Sends queued emails over SMTP (when SMTP_URL is set): claim one, commit, send, record. Marking
 * an email sent also removes its one-time links from the stored body: once delivered, the only
 * copy of an invitation link is the recipient's. A failed attempt is retried with backoff (up to
 * five attempts); a sender that dies mid-send leaves the email to be retried once its lease
 * ends. Without SMTP, emails stay in the outbox, which the dev outbox page shows (that page is
 * then the delivery; see list-outbox.ts).
 */
export async function deliverPendingEmails({ limit = 50 }: { limit?: number } = {}): Promise<EmailDelivery> {
  const result: EmailDelivery = { sent: 0, failed: 0, errors: [], more: false };
  if (!env.SMTP_URL) return result;
  const sender = smtp(env.SMTP_URL);
  for (let i = 0; i < limit; i++) {
    const email = await claimNextEmail();
    if (!email) break;
    if (i === limit - 1) result.more = true;
    // Outcomes are recorded only while this claim is the latest (its attempt number): a sender
    // whose lease ran out does not overwrite what the next one recorded.
    const stillOurs = and(eq(emailOutbox.id, email.id), eq(emailOutbox.attempts, email.attempts), isNull(emailOutbox.sentAt));
    try {
      await withinDeadline(sender.sendMail({ from: env.EMAIL_FROM, to: email.toAddress, subject: email.subject, text: email.bodyText }), SEND_TIMEOUT_MS);
    } catch (error) {
      const message = String(error).slice(0, 500);
      logger.warn("email send failed", { id: email.id, attempts: email.attempts, error });
      // After a timeout the abandoned conversation may still finish: no retry before the lease would have ended.
      const retryInMs = Math.max(backoffMs(email.attempts), error instanceof SendTimeout ? LEASE_MS : 0);
      await withoutTenant((tx) =>
        tx
          .update(emailOutbox)
          .set({ lastError: message, claimedUntil: new Date(Date.now() + retryInMs) })
          .where(stillOurs),
      );
      result.failed++;
      metrics().emailsFailed.inc();
      result.errors.push(message);
      continue;
    }
    await withoutTenant((tx) =>
      tx
        .update(emailOutbox)
        .set({ sentAt: new Date(), claimedUntil: null, lastError: null, bodyText: redactOneTimeLinks(email.bodyText) })
        .where(stillOurs),
    );
    result.sent++;
    metrics().emailsSent.inc();
  }
  return result;
}

/** How many emails were sent (see deliverPendingEmails). */
export async function sendPendingEmails(options: { limit?: number } = {}): Promise<number> {
  return (await deliverPendingEmails(options)).sent;
}
