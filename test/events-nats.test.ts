import { jetstreamManager, type JetStreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../server/db/client";
import { eventConsumerCursors, events } from "../server/db/schema";
import { withTenant } from "../server/db/with-tenant";
import { EVENT_CONSUMERS, natsEventConsumer } from "../server/events/consumers";
import { publisherConsumer } from "../server/events/publishers/event-publisher";
import { natsPublisher, type NatsPublisherOptions } from "../server/events/publishers/nats-publisher";
import { recordEvent } from "../server/events/record-event";
import { relayEvents, runConsumer, type EventConsumer } from "../server/events/relay";
import { renameTenant } from "../server/tenants/rename-tenant";
import { makeTenant, TEST_META, uid } from "./factories";
import { freePort } from "./redis-server";
import { privateNats, SHARED_NATS, sharedNatsAnswers, type PrivateNats } from "./nats-server";

// Issue 15: every event to NATS JetStream, on `<prefix>.<type>`, stored once per event id even when
// the relay repeats a batch (a crash after publishing, before the cursor moved).

type Stored = { subject: string; msgId: string; body: { id: string; type: string; workspaceId: string; data: Record<string, unknown> } };

let fallback: PrivateNats | null = null;
let serverUrl = SHARED_NATS.url;
let admin: NatsConnection;
let jsm: JetStreamManager;
const streams: string[] = [];
const consumers: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  if (!(await sharedNatsAnswers())) {
    fallback = await privateNats();
    await fallback.start();
    serverUrl = fallback.url;
  }
  admin = await connect({ servers: serverUrl, timeout: 5_000 });
  jsm = await jetstreamManager(admin);
});

afterAll(async () => {
  for (const consumer of consumers) await consumer.close();
  for (const stream of streams) await jsm.streams.delete(stream).catch(() => undefined);
  await admin?.close();
  await fallback?.remove();
});

/** A NATS consumer with its own cursor, stream and subject prefix (unique per test). */
function natsConsumer(servers: string, extra: Partial<NatsPublisherOptions> = {}) {
  const id = uid();
  const options: NatsPublisherOptions = { servers, subjectPrefix: `atrium-test.${id}`, stream: `ATRIUM_TEST_${id}`, duplicateWindowSeconds: 300, timeoutMs: 2_000, maxAgeDays: 1, ...extra };
  streams.push(options.stream);
  const consumer = publisherConsumer(`nats-test-${id}`, { configured: () => true, create: () => natsPublisher(options) });
  consumers.push(consumer);
  return { consumer, options };
}

/** Every message in the stream, in order. */
async function storedMessages(manager: JetStreamManager, stream: string): Promise<Stored[]> {
  const { state } = await manager.streams.info(stream);
  const out: Stored[] = [];
  for (let seq = state.first_seq; seq <= state.last_seq && state.messages > 0; seq++) {
    const message = await manager.streams.getMessage(stream, { seq });
    if (!message) continue;
    out.push({ subject: message.subject, msgId: message.header.get("Nats-Msg-Id"), body: message.json<Stored["body"]>() });
  }
  return out;
}

async function cursorOf(name: string) {
  const [row] = await getDb().select().from(eventConsumerCursors).where(eq(eventConsumerCursors.consumer, name));
  return row ? `${row.lastXid}:${row.lastSeq}` : null;
}

async function tenantEventIds(tenantId: string) {
  const rows = await withTenant(tenantId, (tx) => tx.select({ id: events.id, type: events.type }).from(events).where(eq(events.tenantId, tenantId)).orderBy(events.xid, events.seq));
  return rows;
}

/** Runs the consumer until the workspace's events are all in the stream (other files' open transactions may hold the relay back a moment). */
async function relayUntilPublished(consumer: EventConsumer, stream: string, tenantId: string, manager: JetStreamManager = jsm) {
  const wanted = await tenantEventIds(tenantId);
  const deadline = Date.now() + 15_000;
  for (;;) {
    await runConsumer(consumer);
    const stored = await storedMessages(manager, stream);
    const ids = new Set(stored.map((m) => m.msgId));
    if (wanted.every((e) => ids.has(e.id))) return { wanted, stored };
    if (Date.now() > deadline) throw new Error("the workspace's events did not all reach the stream");
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function invite(tenantId: string, n: number) {
  await withTenant(tenantId, (tx) => recordEvent(tx, { tenantId, type: "member.invited", data: { invitationId: `inv-${n}`, email: `p${n}@example.test`, role: "member" }, actor: { type: "system" } }));
}

describe("domain events to NATS JetStream", () => {
  it("passes over an event NATS refuses for good (too large) instead of blocking or repeating the others", async () => {
    const { tenant } = await makeTenant();
    const { consumer, options } = natsConsumer(serverUrl);
    // A stream that takes no message over 800 bytes, made before the publisher first connects.
    await jsm.streams.add({ name: options.stream, subjects: [`${options.subjectPrefix}.>`], duplicate_window: 300 * 1e9, max_msg_size: 800 });
    await invite(tenant.id, 1);
    const grantId = crypto.randomUUID();
    await withTenant(tenant.id, (tx) =>
      recordEvent(tx, { tenantId: tenant.id, type: "support.access_started", data: { grantId, mode: "read", minutes: 30, reason: "x".repeat(1000) }, actor: { type: "system" } }),
    );
    await invite(tenant.id, 2);
    const wanted = (await tenantEventIds(tenant.id)).filter((e) => e.type !== "support.access_started");
    for (const until = Date.now() + 15_000; ; ) {
      await runConsumer(consumer);
      const ids = new Set((await storedMessages(jsm, options.stream)).map((m) => m.msgId));
      if (wanted.every((e) => ids.has(e.id))) break;
      if (Date.now() > until) throw new Error("the small events did not reach the stream");
      await new Promise((r) => setTimeout(r, 200));
    }
    // Run again: nothing is repeated, and the refused event is not tried for ever.
    await runConsumer(consumer);
    const stored = await storedMessages(jsm, options.stream);
    expect(new Set(stored.map((m) => m.msgId)).size).toBe(stored.length);
    expect(stored.some((m) => m.body.type === "support.access_started" && m.body.workspaceId === tenant.id)).toBe(false);
    const info = await jsm.streams.info(options.stream);
    expect(info.state.messages).toBe(stored.length);
  });

  it("is off unless EVENTS_NATS_URL is set, and is one of the relay's consumers", () => {
    expect(EVENT_CONSUMERS).toContain(natsEventConsumer);
    expect(natsEventConsumer.enabled()).toBe(Boolean(process.env.EVENTS_NATS_URL));
  });

  it("publishes every event once, on its type's subject, into a stream it creates", async () => {
    const { tenant, owner } = await makeTenant();
    await renameTenant({ tenantId: tenant.id, actorUserId: owner.id, name: "Renamed for NATS", meta: TEST_META });
    await invite(tenant.id, 1);
    const { consumer, options } = natsConsumer(serverUrl);
    const { wanted, stored } = await relayUntilPublished(consumer, options.stream, tenant.id);

    const info = await jsm.streams.info(options.stream);
    expect(info.config.subjects).toEqual([`${options.subjectPrefix}.>`]);
    expect(info.config.duplicate_window).toBeGreaterThanOrEqual(120 * 1e9);
    const ours = stored.filter((m) => m.body.workspaceId === tenant.id);
    expect(ours.map((m) => m.body.type)).toEqual(wanted.map((e) => e.type));
    for (const message of ours) {
      expect(message.subject).toBe(`${options.subjectPrefix}.${message.body.type}`);
      expect(message.msgId).toBe(message.body.id);
    }
    expect(ours.find((m) => m.body.type === "workspace.updated")?.body.data).toMatchObject({ changes: ["name"], workspace: { name: "Renamed for NATS" } });
    expect(new Set(stored.map((m) => m.msgId)).size).toBe(stored.length);
  });

  it("stores each event once when the relay repeats a batch after a crash between publishing and moving its cursor", async () => {
    const { tenant } = await makeTenant();
    for (let i = 0; i < 5; i++) await invite(tenant.id, i);
    const { consumer, options } = natsConsumer(serverUrl);
    await relayUntilPublished(consumer, options.stream, tenant.id);
    const cursor = await cursorOf(consumer.name);
    const before = await storedMessages(jsm, options.stream);

    for (let i = 5; i < 10; i++) await invite(tenant.id, i);
    // The same consumer (its cursor) publishes, then "crashes": its transaction rolls back.
    const crashing: EventConsumer = {
      ...consumer,
      handle: async (tx, batch) => {
        await consumer.handle(tx, batch);
        throw new Error("crashed after publishing");
      },
    };
    await expect(runConsumer(crashing)).rejects.toThrow("crashed after publishing");
    expect(await cursorOf(consumer.name)).toBe(cursor);
    const { wanted, stored } = await relayUntilPublished(consumer, options.stream, tenant.id);
    expect(await cursorOf(consumer.name)).not.toBe(cursor);

    const ours = stored.filter((m) => m.body.workspaceId === tenant.id);
    expect(ours.map((m) => m.msgId)).toEqual(wanted.map((e) => e.id));
    expect(new Set(stored.map((m) => m.msgId)).size).toBe(stored.length);
    expect(stored.length).toBeGreaterThan(before.length);
  });

  it("fails the run, within its timeout, when NATS cannot be reached at all (and tries again next run)", async () => {
    const { consumer } = natsConsumer(`nats://127.0.0.1:${await freePort()}`, { timeoutMs: 500 });
    for (let attempt = 0; attempt < 2; attempt++) {
      const started = Date.now();
      expect((await relayEvents([consumer])).failed).toEqual([consumer.name]);
      expect(Date.now() - started).toBeLessThan(5_000);
    }
    // Never moved: not even its row survived the failed runs.
    expect(await cursorOf(consumer.name)).toBeNull();
  });

  it("fails the relay run while NATS is down (cursor stays, error logged), and delivers once it is back", async () => {
    const nats = await privateNats();
    await nats.start();
    try {
      const { tenant } = await makeTenant();
      const { consumer, options } = natsConsumer(nats.url, { timeoutMs: 1_000 });
      const local = await connect({ servers: nats.url, timeout: 5_000 });
      try {
        await relayUntilPublished(consumer, options.stream, tenant.id, await jetstreamManager(local));
      } finally {
        await local.close();
      }
      const cursor = await cursorOf(consumer.name);

      await nats.kill();
      await invite(tenant.id, 1);
      const started = Date.now();
      const outcome = await relayEvents([consumer]);
      expect(outcome.failed).toEqual([consumer.name]);
      // Bounded: the publish timeout, not a hang.
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(await cursorOf(consumer.name)).toBe(cursor);

      await nats.start();
      const deadline = Date.now() + 20_000;
      for (;;) {
        const { failed } = await relayEvents([consumer]);
        if (!failed.length && (await cursorOf(consumer.name)) !== cursor) break;
        if (Date.now() > deadline) throw new Error("the relay did not recover after NATS came back");
        await new Promise((r) => setTimeout(r, 250));
      }
      const again = await connect({ servers: nats.url, timeout: 5_000 });
      try {
        const stored = await storedMessages(await jetstreamManager(again), options.stream);
        const wanted = await tenantEventIds(tenant.id);
        const ours = stored.filter((m) => m.body.workspaceId === tenant.id);
        expect(ours.map((m) => m.msgId)).toEqual(wanted.map((e) => e.id));
        expect(new Set(stored.map((m) => m.msgId)).size).toBe(stored.length);
      } finally {
        await again.close();
      }
    } finally {
      await nats.remove();
    }
  }, 60_000);
});
