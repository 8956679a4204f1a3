import { sql } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { contextFor, makeTenant } from "../../test/factories";
import { withTenant } from "../db/with-tenant";
import { logger } from "../logger";
import { createCaller } from "../trpc/root";
import type { AuditFilters } from "./audit-filters";
import { exportAuditCsv, streamAuditCsv } from "./export-audit-csv";
import { AUDIT_COUNT_CAP } from "./list-audit-events";

// The CSV route reads the session through Auth.js (Next's request scope): that lookup is the only
// stand-in; tenant, membership, entitlements and SQL are real.
const session = vi.hoisted(() => ({ user: null as { id: string; email: string; name: string } | null }));
vi.mock("../auth/current-user", () => ({ getSessionUser: async () => session.user }));
const { GET: exportRoute } = await import("../../app/t/[tenant]/dashboard/audit/export/route");

/**
 * `count` generated events (targets `item:1` … `item:N`) with many ties: groups of seven share a
 * timestamp, neighbouring groups are 250 µs apart (one millisecond holds four of them, so a
 * cursor rounded to milliseconds skips or repeats events), days alternate, and 60 events share
 * one instant (more than a page). Actions cycle alpha / beta / gamma; every other one is the owner's.
 */
async function seedEvents(tenantId: string, ownerId: string, count: number): Promise<void> {
  await withTenant(tenantId, (tx) =>
    tx.execute(sql`
      insert into audit_events (tenant_id, actor_user_id, action, target, metadata, created_at)
      select ${tenantId}::uuid,
             case when g % 2 = 0 then ${ownerId}::uuid end,
             (array['test.alpha', 'test.beta', 'test.gamma'])[1 + g % 3],
             'item:' || g,
             jsonb_build_object('g', g),
             case when g % 20 = 0 then timestamptz '2026-03-08 12:00:00Z'
                  else timestamptz '2026-03-10 23:59:59.9999Z' - (g / 7) * interval '250 microseconds' - (g % 3) * interval '1 day' end
      from generate_series(1, ${count}::int) g`),
  );
}

/** What the log holds, newest first, by SQL alone (the expected answer). */
async function expectedIds(tenantId: string, where = sql`true`): Promise<string[]> {
  const rows = await withTenant(tenantId, (tx) => tx.execute<{ id: string }>(sql`select id from audit_events where tenant_id = ${tenantId} and ${where} order by created_at desc, id desc`));
  return rows.map((r) => r.id);
}

type Caller = ReturnType<typeof createCaller>;
type Page = Awaited<ReturnType<Caller["audit"]["list"]>>;

/** Follows `older` links from the newest page to the end, then `newer` links back to the top. */
async function walk(caller: Caller, pageSize: number, filters: AuditFilters = {}) {
  const down: Page[] = [await caller.audit.list({ pageSize, filters })];
  while (down.at(-1)!.older) {
    down.push(await caller.audit.list({ pageSize, filters, before: down.at(-1)!.older! }));
    if (down.length > 2_000) throw new Error("pagination does not end");
  }
  const up: Page[] = [down.at(-1)!];
  while (up.at(-1)!.newer) {
    up.push(await caller.audit.list({ pageSize, filters, after: up.at(-1)!.newer! }));
    if (up.length > 2_000) throw new Error("pagination does not end");
  }
  return { down, up: up.reverse() };
}

const idsOf = (pages: Page[]) => pages.map((p) => p.items.map((i) => i.id));

describe("audit log keyset pagination", () => {
  it("returns every event exactly once, in order, across pages with ties in created_at, both ways", async () => {
    const { tenant, owner } = await makeTenant();
    await seedEvents(tenant.id, owner.id, 1_200);
    const caller = createCaller(contextFor({ user: owner, tenant }));
    const expected = await expectedIds(tenant.id);
    expect(expected.length).toBeGreaterThan(1_200);

    const { down, up } = await walk(caller, 25);
    expect(down.flatMap((p) => p.items.map((i) => i.id))).toEqual(expected);
    expect(down.slice(0, -1).every((p) => p.items.length === 25)).toBe(true);
    // Walking back with the `newer` links gives the very same pages.
    expect(idsOf(up)).toEqual(idsOf(down));
    expect(down[0]!.newer).toBeNull();
    expect(down.at(-1)!.older).toBeNull();
    expect(down[0]!.total).toBe(Math.min(expected.length, AUDIT_COUNT_CAP + 1));
    expect(down[0]!.actions).toEqual(["tenant.created", "test.alpha", "test.beta", "test.gamma"]);
  });

  it("pages through filtered results (action, actor, date range) without gaps or repeats", async () => {
    const { tenant, owner } = await makeTenant();
    await seedEvents(tenant.id, owner.id, 600);
    const caller = createCaller(contextFor({ user: owner, tenant }));
    const cases: { filters: AuditFilters; where: ReturnType<typeof sql> }[] = [
      { filters: { action: "test.beta" }, where: sql`action = 'test.beta'` },
      { filters: { actor: owner.id, from: "2026-03-09" }, where: sql`actor_user_id = ${owner.id}::uuid and created_at >= '2026-03-09T00:00:00Z'` },
      {
        filters: { action: "test.gamma", from: "2026-03-08", to: "2026-03-09" },
        where: sql`action = 'test.gamma' and created_at >= '2026-03-08T00:00:00Z' and created_at < '2026-03-10T00:00:00Z'`,
      },
      // Days in the viewer's zone, as the page shows the times; PostgreSQL's own zone rules are the
      // reference. 8 March 2026 is the day Los Angeles moves its clocks forward.
      ...["America/Los_Angeles", "Asia/Kolkata", "Pacific/Chatham"].map((tz) => ({
        filters: { action: "test.gamma", from: "2026-03-08", to: "2026-03-09", tz },
        where: sql`action = 'test.gamma' and created_at >= (timestamp '2026-03-08 00:00' at time zone ${tz}) and created_at < (timestamp '2026-03-10 00:00' at time zone ${tz})`,
      })),
    ];
    for (const { filters, where } of cases) {
      const expected = await expectedIds(tenant.id, where);
      expect(expected.length).toBeGreaterThan(20);
      const { down, up } = await walk(caller, 7, filters);
      expect(down.flatMap((p) => p.items.map((i) => i.id))).toEqual(expected);
      expect(idsOf(up)).toEqual(idsOf(down));
      expect(down[0]!.total).toBe(expected.length);
    }
  });

  it("a From date whose start lies before the first storable instant is no bound (not a 500)", async () => {
    const { tenant, owner } = await makeTenant();
    const caller = createCaller(contextFor({ user: owner, tenant }));
    // 0001-01-01 in Tokyo starts on 31 December of year 0, which PostgreSQL cannot store.
    const page = await caller.audit.list({ pageSize: 10, filters: { from: "0001-01-01", to: "9999-12-31", tz: "Asia/Tokyo" } });
    expect(page.total).toBe((await expectedIds(tenant.id)).length);
  });

  it("refuses a malformed or impossible cursor, and both directions at once, with BAD_REQUEST", async () => {
    const { tenant, owner } = await makeTenant();
    const caller = createCaller(contextFor({ user: owner, tenant }));
    const id = "0b3f1c2e-8a7d-4e39-9a51-2f0c6d1e4b7a";
    for (const before of ["x", `2026-02-30T10:00:00.000000Z_${id}`, `2026-03-01T25:00:00.000000Z_${id}`, `0000-03-01T10:00:00.000000Z_${id}`, `2026-03-01T10:00:00.000Z_${id}`]) {
      await expect(caller.audit.list({ before })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    }
    const cursor = `2026-03-01T10:00:00.000000Z_${id}`;
    await expect(caller.audit.list({ before: cursor, after: cursor })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    // Past the end: an empty page, and no link onwards.
    const past = await caller.audit.list({ before: `0001-01-01T00:00:00.000000Z_${id}` });
    expect(past.items).toEqual([]);
    expect(past.older).toBeNull();
  });

  it("counts up to the cap and says when there are more", async () => {
    const { tenant, owner } = await makeTenant();
    await seedEvents(tenant.id, owner.id, AUDIT_COUNT_CAP + 5);
    const caller = createCaller(contextFor({ user: owner, tenant }));
    const page = await caller.audit.list({});
    expect(page.totalCapped).toBe(true);
    expect(page.total).toBe(AUDIT_COUNT_CAP + 1);
    expect((await caller.audit.list({ filters: { action: "test.beta" } })).totalCapped).toBe(false);
  });
});

describe("audit CSV export, streamed", () => {
  it("sends its first bytes before reading the rest, holds one batch at a time, and contains every row once", async () => {
    const { tenant, owner } = await makeTenant();
    await seedEvents(tenant.id, owner.id, 2_500);
    const stream = await streamAuditCsv({ tenantId: tenant.id, filters: {}, batchRows: 100 });
    const reader = stream.getReader();
    const decoder = new TextDecoder();
    const first = decoder.decode((await reader.read()).value);
    expect(first.split("\r\n")[0]).toBe("time_utc,actor,action,target,ip,user_agent,metadata");
    expect(first.trimEnd().split("\r\n")).toHaveLength(101);
    // Written after the first chunk went out and older than everything: only an export that
    // reads its later batches as the client asks for them can contain it.
    await withTenant(tenant.id, (tx) =>
      tx.execute(sql`insert into audit_events (tenant_id, action, target, created_at) values (${tenant.id}::uuid, 'test.late', 'late:oldest', '2001-01-01T00:00:00Z')`),
    );
    const chunks = [first];
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) chunks.push(decoder.decode(chunk.value));
    expect(Math.max(...chunks.slice(1).map((c) => c.trimEnd().split("\r\n").length))).toBe(100);
    const lines = chunks.join("").trimEnd().split("\r\n").slice(1);
    expect(lines.at(-1)).toContain('"late:oldest"');
    const expected = await expectedIds(tenant.id);
    expect(lines).toHaveLength(expected.length);
    const targets = lines.map((l) => /"(item:\d+)"/.exec(l)?.[1]).filter(Boolean);
    expect(new Set(targets).size).toBe(2_500);
    expect(targets).toHaveLength(2_500);
    // Newest first, with the ISO times in order.
    const times = lines.map((l) => l.slice(1, 25));
    expect([...times].sort().reverse()).toEqual(times);
  });

  it("at most two downloads of one workspace's log at once; a finished or abandoned one frees its place", async () => {
    const { tenant, owner } = await makeTenant();
    const other = await makeTenant();
    await seedEvents(tenant.id, owner.id, 300);
    const open = () => streamAuditCsv({ tenantId: tenant.id, filters: {}, batchRows: 40 });
    const first = await open();
    const second = await open();
    await expect(open()).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS", message: "2 exports of this audit log are already downloading. Try again when one has finished." });
    // Another workspace is not held up.
    await (await streamAuditCsv({ tenantId: other.tenant.id, filters: {} })).cancel();
    // Abandoned: its place is free.
    await first.cancel();
    const third = await open();
    await expect(open()).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS" });
    // Read to the end: its place is free too.
    expect((await new Response(second).text()).trimEnd().split("\r\n")).toHaveLength(1 + (await expectedIds(tenant.id)).length);
    await (await open()).cancel();
    await third.cancel();
  });

  it("a client that hangs up mid-export ends it quietly (no error, no further reads)", async () => {
    const { tenant, owner } = await makeTenant();
    await seedEvents(tenant.id, owner.id, 500);
    const errors = vi.spyOn(logger, "error");
    try {
      const reader = (await streamAuditCsv({ tenantId: tenant.id, filters: {}, batchRows: 100 })).getReader();
      await reader.read();
      // The next batch is being read when the client goes away.
      const pending = reader.read();
      await reader.cancel();
      expect((await pending).done).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(errors).not.toHaveBeenCalled();
    } finally {
      errors.mockRestore();
    }
  });

  it("stops at the row cap and applies the filters", async () => {
    const { tenant, owner } = await makeTenant();
    await seedEvents(tenant.id, owner.id, 300);
    expect((await exportAuditCsv({ tenantId: tenant.id, filters: {}, batchRows: 40, maxRows: 250 })).trimEnd().split("\r\n")).toHaveLength(251);
    const beta = (await exportAuditCsv({ tenantId: tenant.id, filters: { action: "test.beta" }, batchRows: 40 })).trimEnd().split("\r\n").slice(1);
    expect(beta).toHaveLength(100);
    expect(beta.every((l) => l.includes('"test.beta"'))).toBe(true);
  });

  it("a download whose client stops taking bytes is ended after idleMs and gives its place back; a slow steady reader is not", async () => {
    const { tenant, owner } = await makeTenant();
    await seedEvents(tenant.id, owner.id, 60);
    const open = (idleMs?: number) => streamAuditCsv({ tenantId: tenant.id, filters: {}, batchRows: 10, idleMs });
    const warn = vi.spyOn(logger, "warn");
    const stalled = [await open(150), await open(150)];
    await expect(open()).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS" });
    await new Promise((resolve) => setTimeout(resolve, 400));
    // Both places are back; the stalled downloads end with an error their clients see.
    const fresh = [await open(), await open()];
    for (const stream of fresh) await stream.cancel();
    await expect(stalled[0]!.getReader().read()).rejects.toThrow("The download stalled and was ended.");
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("took nothing for too long"), expect.objectContaining({ tenantId: tenant.id, idleMs: 150 }));
    warn.mockRestore();
    // A reader that takes a chunk every 60 ms never waits 150 ms between two: it gets every row.
    const reader = (await open(150)).getReader();
    let text = "";
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      text += new TextDecoder().decode(chunk.value);
      await new Promise((resolve) => setTimeout(resolve, 60));
    }
    expect(text.trimEnd().split("\r\n")).toHaveLength(1 + (await expectedIds(tenant.id)).length);
  });

  it("sends a batch of large rows in chunks of whole lines of about 16 KB, so idleness is measured in bytes taken", async () => {
    const { tenant } = await makeTenant();
    await withTenant(tenant.id, (tx) =>
      tx.execute(sql`
        insert into audit_events (tenant_id, action, target, metadata, created_at)
        select ${tenant.id}::uuid, 'test.large', 'item:' || g, jsonb_build_object('text', repeat('x', 2000)), now() - g * interval '1 second'
        from generate_series(1, 120) g`),
    );
    const reader = (await streamAuditCsv({ tenantId: tenant.id, filters: { action: "test.large" }, batchRows: 50 })).getReader();
    const chunks: string[] = [];
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) chunks.push(new TextDecoder().decode(chunk.value));
    // 120 rows of about 2 KB in three batches: 15 chunks or so, each whole lines, none far above 16 KB.
    expect(chunks.length).toBeGreaterThanOrEqual(12);
    for (const chunk of chunks) {
      expect(chunk.endsWith("\r\n")).toBe(true);
      expect(chunk.length).toBeLessThanOrEqual(16 * 1024 + 2_100);
    }
    expect(chunks.join("").trimEnd().split("\r\n")).toHaveLength(121);
  });

  it("an export whose text search runs out of time on its first batch is a 400 with advice, and frees its place", async () => {
    const { tenant, owner } = await makeTenant();
    await seedEvents(tenant.id, owner.id, 60_000);
    const search = { q: "no such text anywhere" };
    await expect(streamAuditCsv({ tenantId: tenant.id, filters: search, searchTimeoutMs: 1 })).rejects.toMatchObject({ code: "BAD_REQUEST", status: 400, reason: "search_too_slow" });
    await expect(streamAuditCsv({ tenantId: tenant.id, filters: search, searchTimeoutMs: 1 })).rejects.toMatchObject({ reason: "search_too_slow" });
    // Both places are free again, and with time enough the same search answers (header only).
    const csv = await exportAuditCsv({ tenantId: tenant.id, filters: search, searchTimeoutMs: 60_000 });
    expect(csv.trimEnd().split("\r\n")).toEqual(["time_utc,actor,action,target,ip,user_agent,metadata"]);
    const other = await streamAuditCsv({ tenantId: tenant.id, filters: {}, batchRows: 10 });
    await other.cancel();
  });

  it("the route answers with the CSV headers and a body that arrives in batches", async () => {
    const { tenant, owner } = await makeTenant();
    await seedEvents(tenant.id, owner.id, 2_100);
    session.user = { id: owner.id, email: owner.email, name: owner.name };
    try {
      const res = await exportRoute(new Request(`http://${tenant.slug}.localhost:3000/dashboard/audit/export`, { headers: { host: `${tenant.slug}.localhost:3000` } }), {
        params: Promise.resolve({ tenant: tenant.slug }),
      });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
      expect(res.headers.get("content-disposition")).toMatch(new RegExp(`^attachment; filename="audit-${tenant.slug}-\\d{4}-\\d{2}-\\d{2}\\.csv"$`));
      expect(res.headers.get("cache-control")).toBe("no-store");
      const reader = res.body!.getReader();
      let chunks = 0;
      let text = "";
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
        chunks++;
        text += new TextDecoder().decode(chunk.value);
      }
      expect(chunks).toBeGreaterThan(1);
      // 2,100 events and the workspace's creation, after the header: three batches of up to 1,000.
      // The export is recorded once its first batch has been read, so the file does not list it.
      const lines = text.trimEnd().split("\r\n");
      expect(lines).toHaveLength(1 + 2_101);
      expect(text).not.toContain("audit.exported");
      const [recorded] = await withTenant(tenant.id, (tx) => tx.execute<{ n: number }>(sql`select count(*)::int as n from audit_events where tenant_id = ${tenant.id} and action = 'audit.exported'`));
      expect(recorded!.n).toBe(1);
    } finally {
      session.user = null;
    }
  });
});
