import { and, eq, sql } from "drizzle-orm";
import postgres from "postgres";
import { describe, expect, it } from "vitest";
import { getDb } from "../server/db/client";
import { eventConsumerCursors, events, notifications } from "../server/db/schema";
import { withTenant } from "../server/db/with-tenant";
import { recordEvent } from "../server/events/record-event";
import { pruneEvents } from "../server/events/prune-events";
import { runConsumer, type EventConsumer, type RelayedEvent } from "../server/events/relay";
import { makeTenant, uid } from "./factories";
import { rlsProbe } from "./rls-probe";

// Issue 15: the outbox. An event exists exactly when its change committed, and a consumer sees
// every event once, in commit-safe order, even while transactions that wrote earlier ones are open.

const sample = (n: number) => ({ invitationId: `inv-${n}`, email: `someone-${n}@example.test`, role: "member" as const });

/** A consumer with its own cursor that keeps what it was handed for one workspace. */
function collector(tenantId: string, onBatch?: () => Promise<void>) {
  const seen: RelayedEvent[] = [];
  const consumer: EventConsumer = {
    name: `test-${uid()}`,
    enabled: () => true,
    handle: async (_tx, batch) => {
      await onBatch?.();
      // Only this test's events: the workspace's own (workspace.created) and other files' are not.
      seen.push(...batch.filter((e) => e.tenantId === tenantId && e.type === "member.invited"));
    },
  };
  return { consumer, seen };
}

/**
 * Runs the consumer until it has seen `count` events of the workspace. The horizon (the oldest
 * transaction still running) is the whole server's: another database's open transaction (other
 * test files run beside this one) holds events back for a moment, never for good.
 */
async function drain(consumer: EventConsumer, seen: RelayedEvent[], count: number) {
  for (const until = Date.now() + 15_000; seen.length < count && Date.now() < until; ) {
    await runConsumer(consumer);
    if (seen.length < count) await new Promise((r) => setTimeout(r, 50));
  }
}

describe("domain events (outbox)", () => {
  it("is written with its change and gone with a rollback", async () => {
    const { tenant } = await makeTenant();
    await withTenant(tenant.id, (tx) => recordEvent(tx, { tenantId: tenant.id, type: "member.invited", data: sample(1), actor: { type: "system" } }));
    await expect(
      withTenant(tenant.id, async (tx) => {
        await recordEvent(tx, { tenantId: tenant.id, type: "member.invited", data: sample(2), actor: { type: "system" } });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    const rows = await withTenant(tenant.id, (tx) => tx.select().from(events).where(and(eq(events.tenantId, tenant.id), eq(events.type, "member.invited"))).orderBy(events.seq));
    expect(rows.map((r) => (r.data as { invitationId: string }).invitationId)).toEqual(["inv-1"]);
    expect(rows[0]).toMatchObject({ type: "member.invited", version: 1, actor: { type: "system" } });
  });

  it("refuses a payload that does not match the catalogue's schema", async () => {
    const { tenant } = await makeTenant();
    await expect(
      withTenant(tenant.id, (tx) =>
        // @ts-expect-error: the wrong payload for the type, as a careless caller might write it
        recordEvent(tx, { tenantId: tenant.id, type: "member.invited", data: { email: "x@example.test" }, actor: { type: "system" } }),
      ),
    ).rejects.toThrow();
  });

  it("cannot be rewritten or removed by the runtime role, nor read by another workspace", async () => {
    const { tenant } = await makeTenant();
    const other = await makeTenant();
    await withTenant(tenant.id, (tx) => recordEvent(tx, { tenantId: tenant.id, type: "member.invited", data: sample(3), actor: { type: "system" } }));
    for (const statement of [sql`update events set type = 'member.removed'`, sql`delete from events`]) {
      const refused = await rlsProbe(tenant.id, (tx) => tx.execute(statement)).catch((error: unknown) => error);
      expect(String((refused as Error).cause)).toMatch(/permission denied/);
    }
    const visible = await rlsProbe(other.tenant.id, (tx) => tx.select().from(events));
    expect(visible.length).toBeGreaterThan(0);
    expect(visible.filter((e) => e.tenantId !== other.tenant.id)).toHaveLength(0);
  });

  it("holds back events behind a transaction that is still open, then hands over all in order", async () => {
    const { tenant } = await makeTenant();
    const { consumer, seen } = collector(tenant.id);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let written!: () => void;
    const firstWritten = new Promise<void>((resolve) => (written = resolve));
    // A writes first and stays open; B writes later and commits at once.
    const slow = withTenant(tenant.id, async (tx) => {
      await recordEvent(tx, { tenantId: tenant.id, type: "member.invited", data: sample(10), actor: { type: "system" } });
      written();
      await held;
    });
    await firstWritten;
    await withTenant(tenant.id, (tx) => recordEvent(tx, { tenantId: tenant.id, type: "member.invited", data: sample(11), actor: { type: "system" } }));
    await runConsumer(consumer);
    // B committed, but handing it over now would move the cursor past A, which would then be lost.
    expect(seen).toHaveLength(0);
    release();
    await slow;
    await drain(consumer, seen, 2);
    expect(seen.map((e) => (e.data as { invitationId: string }).invitationId)).toEqual(["inv-10", "inv-11"]);
    await runConsumer(consumer);
    expect(seen).toHaveLength(2);
  });

  it("hands each event to a consumer once when two relays run it at the same time", async () => {
    const { tenant } = await makeTenant();
    for (let i = 0; i < 30; i++) {
      await withTenant(tenant.id, (tx) => recordEvent(tx, { tenantId: tenant.id, type: "member.invited", data: sample(100 + i), actor: { type: "system" } }));
    }
    const { consumer, seen } = collector(tenant.id, () => new Promise((r) => setTimeout(r, 20)));
    await Promise.all([runConsumer(consumer), runConsumer(consumer), runConsumer(consumer)]);
    await drain(consumer, seen, 30);
    const ids = seen.map((e) => e.id);
    expect(ids).toHaveLength(30);
    expect(new Set(ids).size).toBe(30);
  });

  it("keeps events for EVENT_RETENTION_DAYS (90 by default), then the daily job deletes them; never a week-old one", async () => {
    const { tenant } = await makeTenant();
    await withTenant(tenant.id, (tx) => recordEvent(tx, { tenantId: tenant.id, type: "member.invited", data: sample(200), actor: { type: "system" } }));
    const count = () => withTenant(tenant.id, async (tx) => (await tx.select().from(events).where(and(eq(events.tenantId, tenant.id), eq(events.type, "member.invited")))).length);
    // Whatever date the caller claims, the database keeps every event younger than a week.
    expect(await pruneEvents({ now: new Date(Date.now() + 365 * 86_400_000) })).toBe(0);
    expect(await count()).toBe(1);
    // Aged by the test's superuser (no role of the app may rewrite an event): 89 days stays, 91 goes.
    const owner = postgres(process.env.TEST_ADMIN_URL!, { max: 1, onnotice: () => {} });
    try {
      await owner`update events set created_at = now() - interval '89 days' where tenant_id = ${tenant.id} and type = 'member.invited'`;
      expect(await pruneEvents()).toBe(0);
      expect(await count()).toBe(1);
      await owner`update events set created_at = now() - interval '91 days' where tenant_id = ${tenant.id} and type = 'member.invited'`;
      expect(await pruneEvents()).toBeGreaterThanOrEqual(1);
      expect(await count()).toBe(0);
    } finally {
      await owner.end({ timeout: 5 });
    }
  });

  it("prunes the bell's notifications with the events, read or not, and never one younger than the retention", async () => {
    const { tenant, owner: member } = await makeTenant();
    const notification = (title: string) => ({ tenantId: tenant.id, userId: member.id, eventId: crypto.randomUUID(), category: "members" as const, title, body: "" });
    await withTenant(tenant.id, (tx) => tx.insert(notifications).values([notification("old and read"), notification("old"), notification("recent")]));
    const titles = () => withTenant(tenant.id, async (tx) => (await tx.select().from(notifications).where(eq(notifications.tenantId, tenant.id))).map((n) => n.title).sort());
    const owner = postgres(process.env.TEST_ADMIN_URL!, { max: 1, onnotice: () => {} });
    try {
      await owner`update notifications set created_at = now() - interval '91 days', read_at = case when title = 'old and read' then now() end where tenant_id = ${tenant.id} and title like 'old%'`;
      await owner`update notifications set created_at = now() - interval '89 days' where tenant_id = ${tenant.id} and title = 'recent'`;
      expect(await pruneEvents()).toBeGreaterThanOrEqual(2);
      expect(await titles()).toEqual(["recent"]);
    } finally {
      await owner.end({ timeout: 5 });
    }
  });

  it("a slow consumer (a NATS publish) does not hold back what other readers see", async () => {
    const { tenant } = await makeTenant();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const slow: EventConsumer = { name: `test-slow-${uid()}`, enabled: () => true, handle: async () => (entered(), await held) };
    // A consumer that has run before (its first run inserts its cursor, which takes a transaction id).
    await getDb().insert(eventConsumerCursors).values({ consumer: slow.name });
    await withTenant(tenant.id, (tx) => recordEvent(tx, { tenantId: tenant.id, type: "member.invited", data: sample(300), actor: { type: "system" } }));
    const running = runConsumer(slow);
    await inside;
    // While the slow consumer is mid-batch, a new event commits and another reader gets it.
    await withTenant(tenant.id, (tx) => recordEvent(tx, { tenantId: tenant.id, type: "member.invited", data: sample(301), actor: { type: "system" } }));
    const { consumer, seen } = collector(tenant.id);
    await drain(consumer, seen, 2);
    release();
    await running;
    expect(seen.map((e) => (e.data as { invitationId?: string }).invitationId).filter(Boolean)).toEqual(["inv-300", "inv-301"]);
  });
});
