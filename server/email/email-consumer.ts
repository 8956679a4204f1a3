import "server-only";
import { eq } from "drizzle-orm";
import type { Transaction } from "../db/client";
import { tenants } from "../db/schema";
import { billingRecipients, ownerRecipients } from "../billing/recipients";
import { env } from "../env";
import { actAsTenant, type EventConsumer, type RelayedEvent } from "../events/relay";
import { logger } from "../logger";
import { enqueueEmails, type OutgoingEmail } from "./enqueue-email";
import { EMAILED_EVENT_TYPES, emailForEvent, type EmailAudience } from "./event-emails";

/**
 * An event older than this is not emailed (a relay that was down for longer): a receipt or a
 * failing-domain notice three days late is still worth reading, one from last week is not.
 */
export const EVENT_EMAIL_MAX_AGE_MS = 72 * 3_600_000;

/**
 * The relay's reader that sends the emails the catalogue's events call for (receipts, failed
 * payments, failing domains, suspension and cancellation): the changes themselves only record
 * their event. Runs in the relay's transaction, so each email is queued exactly once per event;
 * its key `event:<eventId>:<address>` holds even if the cursor is ever moved back.
 */
export const emailConsumer: EventConsumer = {
  name: "emails",
  enabled: () => true,
  handle: async (tx, batch) => {
    await queueEventEmails(tx, batch, Date.now());
  },
};

export async function queueEventEmails(tx: Transaction, batch: RelayedEvent[], now: number): Promise<number> {
  const byTenant = new Map<string, RelayedEvent[]>();
  for (const event of batch) {
    if (!EMAILED_EVENT_TYPES.has(event.type)) continue;
    if (now - event.createdAt.getTime() > EVENT_EMAIL_MAX_AGE_MS) {
      logger.warn("event too old to email; skipped", { eventId: event.id, type: event.type, createdAt: event.createdAt.toISOString() });
      continue;
    }
    byTenant.set(event.tenantId, [...(byTenant.get(event.tenantId) ?? []), event]);
  }
  let queued = 0;
  for (const [tenantId, tenantEvents] of byTenant) {
    // One workspace's failure (a payload that no longer parses) is logged and skipped, never left
    // to fail the batch and with it every other workspace's emails, on every run.
    try {
      queued += await tx.transaction((savepoint) => queueWorkspaceEmails(savepoint, tenantId, tenantEvents));
    } catch (error) {
      logger.error("emails for these events could not be queued; skipped", { tenantId, eventIds: tenantEvents.map((e) => e.id), error });
    }
  }
  return queued;
}

async function queueWorkspaceEmails(tx: Transaction, tenantId: string, tenantEvents: RelayedEvent[]): Promise<number> {
  await actAsTenant(tx, tenantId);
  const [workspace] = await tx.select({ id: tenants.id, name: tenants.name, slug: tenants.slug, deletedAt: tenants.deletedAt }).from(tenants).where(eq(tenants.id, tenantId));
  // A workspace deleted since has its own goodbye; nothing more is sent about it.
  if (!workspace || workspace.deletedAt) return 0;
  const audiences = new Map<EmailAudience, Promise<string[]>>();
  const recipients = (audience: EmailAudience) => {
    if (!audiences.has(audience)) audiences.set(audience, audience === "owners" ? ownerRecipients(tx, tenantId) : billingRecipients(tx, tenantId));
    return audiences.get(audience)!;
  };
  const emails: OutgoingEmail[] = [];
  for (const event of tenantEvents) {
    const email = emailForEvent(event, workspace, { domainGraceHours: env.DOMAIN_GRACE_HOURS });
    if (!email) continue;
    for (const to of await recipients(email.audience)) emails.push({ to, subject: email.subject, text: email.text, dedupeKey: `event:${event.id}:${to}` });
  }
  let queued = 0;
  // Far below PostgreSQL's 65,535 parameters per statement, however many events and owners.
  for (let i = 0; i < emails.length; i += 1_000) queued += await enqueueEmails(tx, emails.slice(i, i + 1_000));
  return queued;
}
