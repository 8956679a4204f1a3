import { and, desc, eq, like, sql } from "drizzle-orm";
import { expect } from "vitest";
import type { EventType } from "../lib/event-catalog";
import { getDb } from "../server/db/client";
import { emailOutbox, events, type EventActor } from "../server/db/schema";
import { withTenant } from "../server/db/with-tenant";
import { recordEvent } from "../server/events/record-event";
import type { EventData } from "../server/events/schemas";
import { runConsumer } from "../server/events/relay";
import { notificationConsumer } from "../server/notifications/notification-consumer";
import type { makeTenant } from "./factories";

// Events handed to the notifications consumer the way the relay does, and the emails that result:
// shared by the notification tests (test/notifications.test.ts, test/member-email-locale.test.ts).

export type Workspace = Awaited<ReturnType<typeof makeTenant>>;
const SYSTEM: EventActor = { type: "system" };

/**
 * Runs the consumer until its cursor has passed the event. The relay hands over only events below
 * the oldest running transaction of the whole server, and other test files share it.
 */
export async function relayPast(xid: string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    await runConsumer(notificationConsumer);
    const [cursor] = await getDb().execute<{ passed: boolean }>(sql`select last_xid >= ${xid}::xid8 as passed from event_consumer_cursors where consumer = ${notificationConsumer.name}`);
    if (cursor?.passed) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error("the relay did not reach the event within 10 s");
}

/** Records an event in the workspace and relays it to the notifications consumer. */
export async function emit<T extends EventType>(t: Workspace, type: T, data: EventData<T>, actor: EventActor = SYSTEM): Promise<string> {
  const { id, xid } = await withTenant(t.tenant.id, async (tx) => {
    const eventId = await recordEvent(tx, { tenantId: t.tenant.id, type, data, actor });
    const [row] = await tx.select({ xid: events.xid }).from(events).where(and(eq(events.tenantId, t.tenant.id), eq(events.id, eventId)));
    return { id: eventId, xid: row!.xid };
  });
  await relayPast(xid);
  return id;
}

/** Hands the consumer the events a new workspace's set-up recorded, so a test starts after them. */
export async function relayWorkspaceSetUp(t: Workspace): Promise<void> {
  const [last] = await withTenant(t.tenant.id, (tx) => tx.select({ xid: events.xid }).from(events).where(eq(events.tenantId, t.tenant.id)).orderBy(desc(events.xid), desc(events.seq)).limit(1));
  if (last) await relayPast(last.xid);
}

/** The one email to `to` whose dedupe key starts with `keyPrefix`. */
export async function mailTo(to: string, keyPrefix: string): Promise<{ subject: string; text: string }> {
  const rows = await getDb()
    .select()
    .from(emailOutbox)
    .where(and(eq(emailOutbox.toAddress, to), like(emailOutbox.dedupeKey, `${keyPrefix}%`)));
  expect(rows, `${keyPrefix} to ${to}`).toHaveLength(1);
  return { subject: rows[0]!.subject, text: rows[0]!.bodyText };
}
