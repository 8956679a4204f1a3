import { and, eq, inArray } from "drizzle-orm";
import type { Locale } from "../../lib/i18n/locales";
import type { NotificationCategory } from "../../lib/notification-categories";
import type { Transaction } from "../db/client";
import { memberships, notificationPreferences, notifications, tenants, users } from "../db/schema";
import { enqueueEmails, type OutgoingEmail } from "../email/enqueue-email";
import { emailLocale, emailTranslator } from "../email/email-text";
import { env } from "../env";
import { logger } from "../logger";
import { actAsTenant, type RelayedEvent } from "../events/relay";
import { originFor } from "../hosts/parse-host";
import { describeNotification, type NotificationDraft } from "./describe-notification";
import { findNotificationRecipients, loadNotifiableMembers, type WorkspaceMember } from "./find-notification-recipients";
import { notificationEmailWords, type NotificationWords } from "./notification-email-words";
import { NOTIFIED_EVENT_TYPES, notificationEmailPolicy } from "./notification-email-policy";

export type CreateEventNotificationsOptions = { tx: Transaction; batch: RelayedEvent[] };

const EMAIL_MAX_AGE_MS = 24 * 3_600_000;

type Planned = { event: RelayedEvent; draft: NotificationDraft; recipients: WorkspaceMember[] };

/**
 * The notifications consumer's work for one batch, inside the relay's transaction: a notification
 * per recipient and event (unique, so a replayed batch adds nothing), and the emails their
 * preferences allow, keyed `notification:<eventId>:<userId>` so none is ever sent twice.
 */
export async function createEventNotifications({ tx, batch }: CreateEventNotificationsOptions): Promise<number> {
  const byTenant = new Map<string, RelayedEvent[]>();
  for (const event of batch) {
    if (!NOTIFIED_EVENT_TYPES.has(event.type)) continue;
    byTenant.set(event.tenantId, [...(byTenant.get(event.tenantId) ?? []), event]);
  }
  let created = 0;
  for (const [tenantId, tenantEvents] of byTenant) {
    // Each workspace in a savepoint: what one workspace's events cannot store (a bug, a limit)
    // is logged and skipped, never left to fail the batch, and with it every workspace, on every run.
    try {
      created += await tx.transaction((savepoint) => notifyWorkspace(savepoint, tenantId, tenantEvents));
    } catch (error) {
      logger.error("notifications for these events could not be created; skipped", { tenantId, eventIds: tenantEvents.map((e) => e.id), error });
    }
  }
  return created;
}

/** Rows per insert: far below PostgreSQL's 65,535 parameters (8 per row), whatever a batch holds. */
const ROWS_PER_INSERT = 1_000;
const TITLE_MAX = 200;
const BODY_MAX = 2_000;
const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

async function notifyWorkspace(tx: Transaction, tenantId: string, tenantEvents: RelayedEvent[]): Promise<number> {
  await actAsTenant(tx, tenantId);
  const [workspace] = await tx.select({ name: tenants.name, slug: tenants.slug, deletedAt: tenants.deletedAt }).from(tenants).where(eq(tenants.id, tenantId));
  // A workspace deleted since (or gone by its foreign key) has nobody left to tell.
  if (!workspace || workspace.deletedAt) return 0;
  const members = await loadNotifiableMembers(tx, tenantId);
  const requesters = await loadRequesters(tx, tenantId, tenantEvents);

  const planned: Planned[] = [];
  for (const event of tenantEvents) {
    const draft = describeNotification({ event, workspaceName: workspace.name });
    if (!draft) continue;
    const requester = event.actor.type === "user" ? (requesters.get(event.actor.id) ?? null) : null;
    const recipients = findNotificationRecipients({ draft, actor: event.actor, members, requester });
    if (recipients.length) planned.push({ event, draft, recipients });
  }
  if (!planned.length) return 0;

  // Titles and bodies are cut to what the table stores (a 253-character hostname fits nowhere else).
  const rows = planned.flatMap(({ event, draft, recipients }) =>
    recipients.map((r) => ({ tenantId, userId: r.userId, eventId: event.id, category: draft.category, title: clip(draft.title, TITLE_MAX), body: clip(draft.body, BODY_MAX), link: draft.link, createdAt: event.createdAt })),
  );
  const inserted: { userId: string; eventId: string }[] = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    inserted.push(
      ...(await tx
        .insert(notifications)
        .values(rows.slice(i, i + ROWS_PER_INSERT))
        .onConflictDoNothing()
        .returning({ userId: notifications.userId, eventId: notifications.eventId })),
    );
  }
  const fresh = new Set(inserted.map((n) => `${n.eventId}:${n.userId}`));

  // An event older than a day (a consumer started late, a long outage) still reaches the bell, but
  // an email about it would be news from the past.
  const emailable = ({ event, draft }: Planned) => notificationEmailPolicy(draft.category) !== "sent-by-emails-consumer" && Date.now() - event.createdAt.getTime() < EMAIL_MAX_AGE_MS;
  const emailed = planned
    .filter(emailable)
    .flatMap(({ event, draft, recipients }) => recipients.filter((r) => fresh.has(`${event.id}:${r.userId}`)).map((r) => ({ event, draft, recipient: r })));
  const optedOut = await loadOptOuts(
    tx,
    emailed.filter((e) => notificationEmailPolicy(e.draft.category) === "preference").map((e) => e.recipient.userId),
  );
  const dashboard = `${originFor({ kind: "tenant", slug: workspace.slug }, env.ROOT_DOMAIN, env.PUBLIC_PROTOCOL)}`;
  const account = `${originFor({ kind: "apex" }, env.ROOT_DOMAIN, env.PUBLIC_PROTOCOL)}/account`;
  // Each email in its recipient's language, written once per event and language.
  const written = new Map<string, NotificationWords>();
  const wordsFor = (event: RelayedEvent, draft: NotificationDraft, locale: Locale) => {
    const key = `${event.id}:${locale}`;
    let words = written.get(key);
    if (!words) {
      words = notificationEmailWords({ event, workspaceName: workspace.name }, draft, locale);
      written.set(key, words);
    }
    return words;
  };
  const emails: OutgoingEmail[] = emailed
    .filter(({ draft, recipient }) => !optedOut.has(`${recipient.userId}:${draft.category}`))
    .map(({ event, draft, recipient }) => {
      const locale = emailLocale(recipient.locale);
      const t = emailTranslator(locale);
      const { title, body } = wordsFor(event, draft, locale);
      return {
        to: recipient.email,
        subject: clip(t("notification.subject", { workspace: workspace.name, title }), TITLE_MAX),
        text: t("notification.text", { body, link: `${dashboard}${draft.link}`, account }),
        dedupeKey: `notification:${event.id}:${recipient.userId}`,
      };
    });
  for (let i = 0; i < emails.length; i += ROWS_PER_INSERT) await enqueueEmails(tx, emails.slice(i, i + ROWS_PER_INSERT));
  return inserted.length;
}

/** The members who asked for exports in this batch (any role), by user id. */
async function loadRequesters(tx: Transaction, tenantId: string, tenantEvents: RelayedEvent[]): Promise<Map<string, WorkspaceMember>> {
  const ids = [...new Set(tenantEvents.filter((e) => e.type === "export.ready" && e.actor.type === "user").map((e) => (e.actor as { id: string }).id))];
  if (!ids.length) return new Map();
  const rows = await tx
    .select({ userId: memberships.userId, email: users.email, role: memberships.role, locale: users.locale })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.tenantId, tenantId), inArray(memberships.userId, ids)));
  return new Map(rows.map((r) => [r.userId, r]));
}

/** `userId:category` for each email a person turned off. */
async function loadOptOuts(tx: Transaction, userIds: string[]): Promise<Set<string>> {
  if (!userIds.length) return new Set();
  const rows = await tx
    .select({ userId: notificationPreferences.userId, category: notificationPreferences.category })
    .from(notificationPreferences)
    .where(and(inArray(notificationPreferences.userId, [...new Set(userIds)]), eq(notificationPreferences.email, false)));
  return new Set(rows.map((r: { userId: string; category: NotificationCategory }) => `${r.userId}:${r.category}`));
}
