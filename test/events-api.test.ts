import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as eventsRoute from "../app/api/v1/events/route";
import * as openapiRoute from "../app/api/v1/openapi.json/route";
import * as usageRoute from "../app/api/v1/usage/route";
import { EVENT_TYPES } from "../lib/event-catalog";
import { withTenant } from "../server/db/with-tenant";
import { encodeEventCursor } from "../server/events/event-cursor";
import { recordEvent } from "../server/events/record-event";
import { apiTenant, call } from "./api-helpers";

// Issue 15: GET /api/v1/events, for integrators who poll. Pages follow (xid, seq) below the oldest
// running transaction, so following nextCursor sees every event of the workspace exactly once.

const list = eventsRoute.GET as never;

type Page = { data: { id: string; type: string; version: number; workspaceId: string; occurredAt: string; actor: unknown; data: Record<string, unknown> }[]; nextCursor: string | null; hasMore: boolean };

const invited = (n: number) => ({ invitationId: `inv-${n}`, email: `p${n}@example.test`, role: "member" as const });

async function record(tenantId: string, n: number) {
  await withTenant(tenantId, (tx) => recordEvent(tx, { tenantId, type: "member.invited", data: invited(n), actor: { type: "system" } }));
}

async function page(key: string, query: string) {
  const res = await call(list, { key, path: `/events${query}` });
  return { status: res.status, body: res.body as unknown as Page & { error?: { code: string; message: string } } };
}

/**
 * Follows nextCursor until hasMore is false, and then, while `until` is not yet true of what was
 * seen, polls on from the last cursor: pages only reach below the oldest transaction running on the
 * whole server, which other test files' transactions hold back now and then (never for long).
 */
async function walk(key: string, query: string, from: string | null = null, until?: (seen: Page["data"]) => boolean) {
  const seen: Page["data"] = [];
  let cursor = from;
  for (const deadline = Date.now() + 15_000; ; ) {
    const { status, body } = await page(key, `?${query}${cursor ? `&after=${encodeURIComponent(cursor)}` : ""}`);
    expect(status).toBe(200);
    seen.push(...body.data);
    cursor = body.nextCursor;
    if (body.hasMore) continue;
    if (!until || until(seen)) return { seen, cursor };
    if (Date.now() > deadline) throw new Error(`polled for 15 s; saw ${seen.map((e) => e.type).join(", ") || "nothing"}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const count = (n: number) => (seen: Page["data"]) => seen.length >= n;

describe("GET /api/v1/events", () => {
  it("needs the events:read scope", async () => {
    const t = await apiTenant({ scopes: ["usage:read"] });
    const res = await page(t.key.secret, "");
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ code: "insufficient_scope", message: expect.stringContaining("events:read") });
  });

  it("walks every event exactly once across pages, in order, with the envelope and typed payloads", async () => {
    const t = await apiTenant({ scopes: ["events:read"] });
    for (let i = 0; i < 23; i++) await record(t.tenant.id, i);
    const { seen, cursor } = await walk(t.key.secret, "limit=5", null, count(25));
    // workspace.created, the key's api_key.created, then the 23 invitations.
    expect(seen.map((e) => e.type)).toEqual(["workspace.created", "api_key.created", ...Array(23).fill("member.invited")]);
    expect(new Set(seen.map((e) => e.id)).size).toBe(seen.length);
    expect(seen.filter((e) => e.type === "member.invited").map((e) => e.data.invitationId)).toEqual(Array.from({ length: 23 }, (_, i) => `inv-${i}`));
    expect(seen[0]).toEqual({
      id: expect.any(String),
      type: "workspace.created",
      version: 1,
      workspaceId: t.tenant.id,
      occurredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      actor: { type: "user", id: t.owner.id },
      data: { workspace: { id: t.tenant.id, slug: t.tenant.slug, name: t.tenant.name }, planId: null },
    });
    // Polling again from the last cursor: nothing new (the cursor may move up to the horizon, so
    // the same events are not scanned again); then, from either cursor, only what is new.
    const again = await page(t.key.secret, `?after=${cursor}`);
    expect(again.body).toMatchObject({ data: [], hasMore: false });
    await record(t.tenant.id, 99);
    for (const from of [cursor, again.body.nextCursor]) {
      const next = await walk(t.key.secret, "limit=100", from, count(1));
      expect(next.seen.map((e) => e.data.invitationId)).toEqual(["inv-99"]);
    }
  });

  it("filters by one or more types", async () => {
    const t = await apiTenant({ scopes: ["events:read"] });
    await record(t.tenant.id, 1);
    const one = await walk(t.key.secret, "type=member.invited", null, count(1));
    expect(one.seen.map((e) => e.type)).toEqual(["member.invited"]);
    const two = await walk(t.key.secret, "type=member.invited&type=workspace.created", null, count(2));
    expect(two.seen.map((e) => e.type)).toEqual(["workspace.created", "member.invited"]);
    const comma = await walk(t.key.secret, "type=api_key.created,workspace.created", null, count(2));
    expect(comma.seen.map((e) => e.type)).toEqual(["workspace.created", "api_key.created"]);
  });

  it("moves a filtered poll past events that do not match, so it does not scan them again", async () => {
    const t = await apiTenant({ scopes: ["events:read"] });
    for (let i = 0; i < 5; i++) await record(t.tenant.id, i);
    // Once all five are below the horizon, a poll for another type ends past them.
    await walk(t.key.secret, "limit=100", null, count(7));
    const filtered = await walk(t.key.secret, "type=domain.verified&limit=10");
    expect(filtered.seen).toEqual([]);
    expect(filtered.cursor).not.toBeNull();
    const rest = await walk(t.key.secret, "limit=100", filtered.cursor);
    expect(rest.seen).toEqual([]);
  });

  it("does not return an event whose transaction is still open, and its cursor does not pass it", async () => {
    const t = await apiTenant({ scopes: ["events:read"] });
    const { cursor: start } = await walk(t.key.secret, "limit=100", null, count(2));
    let duringCursor: string | null = null;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let written!: () => void;
    const slowWritten = new Promise<void>((resolve) => (written = resolve));
    const slow = withTenant(t.tenant.id, async (tx) => {
      await recordEvent(tx, { tenantId: t.tenant.id, type: "member.invited", data: invited(1), actor: { type: "system" } });
      written();
      await held;
    });
    try {
      await slowWritten;
      await record(t.tenant.id, 2);
      // inv-2 has committed, but it sits behind the open inv-1: neither is shown, the cursor stays.
      const during = await page(t.key.secret, `?after=${start}`);
      expect(during.body).toMatchObject({ data: [], hasMore: false });
      duringCursor = during.body.nextCursor;
    } finally {
      release();
      await slow;
    }
    // From where the poller was, and from where the empty page sent it: both events, in order.
    for (const from of [start, duringCursor]) {
      const after = await walk(t.key.secret, "limit=1", from, count(2));
      expect(after.seen.map((e) => e.data.invitationId)).toEqual(["inv-1", "inv-2"]);
    }
  });

  it("refuses a bad cursor, limit or type with 400 and a readable message", async () => {
    const t = await apiTenant({ scopes: ["events:read"] });
    const other = encodeEventCursor(t.tenant.id, { xid: "1", seq: 1 });
    for (const query of ["?after=garbage", "?after=e2.!!!", `?after=e2.${Buffer.from("1:x").toString("base64url")}`, `?after=e2.v1.${Buffer.from("99999999999999999999:1").toString("base64url")}`, `?after=${"e2.A".padEnd(300, "A")}`]) {
      const res = await page(t.key.secret, query);
      expect(res.status, query).toBe(400);
      expect(res.body.error?.message, query).toMatch(/cursor is not valid/);
    }
    expect((await page(t.key.secret, `?after=${other}`)).status).toBe(200);
    // A plain cursor of the older format (anyone can write one) is refused and says to start again.
    const legacy = await page(t.key.secret, `?after=e1.${Buffer.from("1:1").toString("base64url")}`);
    expect(legacy.status).toBe(400);
    expect(legacy.body.error?.message).toMatch(/no longer accepted\. Start again without `after`/);
    // An edited sealed one is not a cursor.
    const edited = other.slice(0, -2) + (other.endsWith("AA") ? "BA" : "AA");
    expect((await page(t.key.secret, `?after=${edited}`)).status).toBe(400);
    for (const query of ["?limit=0", "?limit=101", "?limit=abc", "?limit=2.5"]) {
      const res = await page(t.key.secret, query);
      expect(res.status, query).toBe(400);
      expect(res.body.error?.message, query).toMatch(/limit/);
    }
    const unknown = await page(t.key.secret, "?type=member.invited,member.eaten");
    expect(unknown.status).toBe(400);
    expect(unknown.body.error?.message).toMatch(/Unknown event type "member.eaten"/);
  });

  it("never shows another workspace's events, whatever the cursor", async () => {
    const a = await apiTenant({ scopes: ["events:read"] });
    const b = await apiTenant({ scopes: ["events:read"] });
    await record(a.tenant.id, 1);
    await record(b.tenant.id, 2);
    const fromStart = await walk(a.key.secret, "limit=100", null, (seen) => seen.some((e) => e.data.invitationId === "inv-1"));
    expect(fromStart.seen.every((e) => e.workspaceId === a.tenant.id)).toBe(true);
    expect(fromStart.seen.map((e) => e.data.invitationId).filter(Boolean)).toEqual(["inv-1"]);
    // B's cursor is B's alone: with A's key it is not a cursor at all.
    const bCursor = (await walk(b.key.secret, "limit=100", null, (seen) => seen.some((e) => e.data.invitationId === "inv-2"))).cursor;
    expect(bCursor).toMatch(/^e2\./);
    const crossed = await page(a.key.secret, `?after=${encodeURIComponent(bCursor!)}`);
    expect(crossed.status).toBe(400);
    expect(crossed.body.error?.message).toMatch(/cursor is not valid/);
  });

  it("gives out cursors that do not show the platform-wide transaction and event counters", async () => {
    const t = await apiTenant({ scopes: ["events:read"] });
    await record(t.tenant.id, 1);
    const { seen, cursor } = await walk(t.key.secret, "limit=100", null, count(1));
    expect(seen.at(-1)?.data.invitationId).toBe("inv-1");
    const [row] = await withTenant(t.tenant.id, (tx) => tx.execute<{ xid: string; seq: string }>(sql`select xid::text as xid, seq::text as seq from events where tenant_id = ${t.tenant.id} order by seq desc limit 1`));
    // Neither number appears in the cursor, as it is or decoded from base64url.
    const decoded = Buffer.from(cursor!.slice(3), "base64url").toString("latin1");
    for (const text of [cursor!, decoded]) {
      expect(text).not.toContain(row!.xid);
      expect(text).not.toContain(`:${row!.seq}`);
    }
    // The empty page that moves the poller to the horizon is sealed as well.
    const idle = await page(t.key.secret, `?after=${encodeURIComponent(cursor!)}`);
    expect(idle.status).toBe(200);
    // Sealed anew every time, whether or not the poller moved: nothing tells whether the platform did.
    expect(idle.body.nextCursor).toMatch(/^e2\.v1\.[A-Za-z0-9_-]+$/);
    expect(idle.body.nextCursor).not.toBe(cursor);
  });

  it("names the API key as the actor of what its usage report causes", async () => {
    // Starter: 10,000 units a period; 8,500 crosses 80 %.
    const t = await apiTenant({ planId: "starter" });
    const reported = await call(usageRoute.POST as never, { key: t.key.secret, path: "/usage", body: { events: [{ metric: "units", quantity: 8500, idempotencyKey: "threshold-1" }] } });
    expect(reported.status).toBe(201);
    const { seen } = await walk(t.key.secret, "type=usage.threshold_reached", null, count(1));
    expect(seen).toEqual([
      expect.objectContaining({ actor: { type: "api_key", id: t.key.id }, data: expect.objectContaining({ metric: "units", threshold: 80, used: 8500, limit: 10000 }) }),
    ]);
  });

  it("is published in the OpenAPI document with the envelope and every type's payload schema", async () => {
    const doc = (await (await openapiRoute.GET(new Request("http://localhost:3000/api/v1/openapi.json"))).json()) as {
      paths: Record<string, { get?: { "x-scope"?: string; parameters?: { name: string }[] } }>;
      components: { schemas: Record<string, { properties?: Record<string, unknown>; oneOf?: unknown[] }> };
      "x-event-catalogue": { version: number; types: string[] };
    };
    expect(doc.paths["/events"]?.get?.["x-scope"]).toBe("events:read");
    expect(doc.paths["/events"]?.get?.parameters?.map((p) => p.name).sort()).toEqual(["after", "limit", "type"]);
    expect(doc["x-event-catalogue"]).toEqual({ version: 1, types: [...EVENT_TYPES] });
    for (const type of EVENT_TYPES) expect(doc.components.schemas[`EventData.${type}.v1`]?.properties, type).toBeDefined();
    expect(doc.components.schemas.Event?.oneOf).toHaveLength(EVENT_TYPES.length);
    expect(doc.components.schemas["EventData.member.invited.v1"]?.properties).toHaveProperty("invitationId");
  });
});
