import { and, asc, eq, isNull, lt } from "drizzle-orm";
import { createTransport, type Transporter } from "nodemailer";
import { withoutTenant } from "../db/with-tenant";
import { emailOutbox } from "../db/schema";
import { env } from "../env";
import { logger } from "../logger";
import { pruneSentEmails } from "./prune-sent-emails";
import { redactOneTimeLinks } from "./redact-one-time-links";

let transport: Transporter | undefined;

/**
 * Sends queued emails over SMTP (when SMTP_URL is set). Rows are claimed with FOR UPDATE SKIP
 * LOCKED, so several instances never send the same email. The update that marks an email sent
 * also removes its one-time links from the stored body: once delivered, the only copy of an
 * invitation link is the recipient's. Without SMTP, emails stay in the outbox, which the dev
 * outbox page shows (that page is then the delivery; see list-outbox.ts). Either way, finished
 * mail older than EMAIL_RETENTION_DAYS is pruned.
 */
export async function sendPendingEmails({ limit = 50 }: { limit?: number } = {}): Promise<number> {
  await pruneSentEmails();
  if (!env.SMTP_URL) return 0;
  transport ??= createTransport(env.SMTP_URL);
  return withoutTenant(async (tx) => {
    const batch = await tx
      .select()
      .from(emailOutbox)
      .where(and(isNull(emailOutbox.sentAt), lt(emailOutbox.attempts, 5)))
      .orderBy(asc(emailOutbox.createdAt))
      .limit(limit)
      .for("update", { skipLocked: true });
    let sent = 0;
    for (const email of batch) {
      try {
        await transport!.sendMail({ from: env.EMAIL_FROM, to: email.toAddress, subject: email.subject, text: email.bodyText });
        await tx
          .update(emailOutbox)
          .set({ sentAt: new Date(), attempts: email.attempts + 1, bodyText: redactOneTimeLinks(email.bodyText) })
          .where(eq(emailOutbox.id, email.id));
        sent++;
      } catch (error) {
        logger.warn("email send failed", { id: email.id, error });
        await tx.update(emailOutbox).set({ attempts: email.attempts + 1, lastError: String(error).slice(0, 500) }).where(eq(emailOutbox.id, email.id));
      }
    }
    return sent;
  });
}
