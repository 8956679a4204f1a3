import "server-only";
import { eq } from "drizzle-orm";
import { ZodError } from "zod";
import type { Transaction } from "../db/client";
import { tenants } from "../db/schema";
import { billingRecipientsWithLocale, ownerRecipientsWithLocale, type Recipient } from "../billing/recipients";
import { env } from "../env";
import { actAsTenant, type EventConsumer, type RelayedEvent } from "../events/relay";
import { logger } from "../logger";
import { emailsPerLocale } from "./emails-per-locale";
import { enqueueEmails, type OutgoingEmail } from "./enqueue-email";
import { EMAILED_EVENT_TYPES, emailForEvent, type EmailAudience } from "./event-emails";

/**
 * The relay's reader that sends the emails the catalogue's events call for (receipts, failed
 * payments, failing domains, suspension and cancellation), each in its recipient's language: the
 * changes themselves only record their event. Runs in the relay's transaction, so each email is
 * queued exactly once per event; its key `event:<eventId>:<address>` (never the language) holds
 * even if the cursor is ever moved back. A failure other than an unreadable payload (the database,
 * a timeout) fails the batch, which the next run retries: these emails are late rather than lost.
 */
export const emailConsumer: EventConsumer = {
  name: "emails",
  enabled: () => true,
  handle: async (tx, batch) => {
    await queueEventEmails(tx, batch, new Date());
  },
};

export async function queueEventEmails(tx: Transaction, batch: RelayedEvent[], now: Date): Promise<number> {
  const byTenant = new Map<string, RelayedEvent[]>();
  for (const event of batch) {
    if (EMAILED_EVENT_TYPES.has(event.type)) byTenant.set(event.tenantId, [...(byTenant.get(event.tenantId) ?? []), event]);
  }
  let queued = 0;
  for (const [tenantId, tenantEvents] of byTenant) queued += await queueWorkspaceEmails(tx, tenantId, tenantEvents, now);
  return queued;
}

async function queueWorkspaceEmails(tx: Transaction, tenantId: string, tenantEvents: RelayedEvent[], now: Date): Promise<number> {
  await actAsTenant(tx, tenantId);
  const [workspace] = await tx
    .select({ id: tenants.id, name: tenants.name, slug: tenants.slug, status: tenants.status, deletedAt: tenants.deletedAt })
    .from(tenants)
    .where(eq(tenants.id, tenantId));
  // Gone by its foreign key: there is nobody left to tell.
  if (!workspace) return 0;
  const audiences = new Map<EmailAudience, Recipient[]>();
  const recipients = async (audience: EmailAudience) => {
    if (!audiences.has(audience)) audiences.set(audience, audience === "owners" ? await ownerRecipientsWithLocale(tx, tenantId) : await billingRecipientsWithLocale(tx, tenantId));
    return audiences.get(audience)!;
  };
  const emails: OutgoingEmail[] = [];
  for (const event of tenantEvents) {
    let email;
    try {
      email = emailForEvent(event, workspace, { domainGraceHours: env.DOMAIN_GRACE_HOURS, now });
    } catch (error) {
      // A payload this code cannot read (a newer version, a bug) is that event's loss alone.
      if (!(error instanceof ZodError)) throw error;
      logger.error("an event's payload could not be read; its email is skipped", { tenantId, eventId: event.id, type: event.type, version: event.version, error });
      continue;
    }
    if (!email) continue;
    emails.push(...emailsPerLocale(await recipients(email.audience), email.write, (to) => `event:${event.id}:${to}`));
  }
  let queued = 0;
  // Far below PostgreSQL's 65,535 parameters per statement, however many events and owners.
  for (let i = 0; i < emails.length; i += 1_000) queued += await enqueueEmails(tx, emails.slice(i, i + 1_000));
  return queued;
}
