import { sql } from "drizzle-orm";
import postgres from "postgres";
import { describe, expect, it } from "vitest";
import { contextFor, makeTenant } from "../../test/factories";
import { readTogether, withTenant } from "../db/with-tenant";
import { isAppError, isDatabaseUnavailable } from "../errors";
import { streamAuditCsv } from "./export-audit-csv";
import { createCaller } from "../trpc/root";
import { listAuditEvents } from "./list-audit-events";
import { claimSearchSlot, maxAuditSearches, searchSlotsInUse, waitForSearchSlot } from "./search-slots";

// A text search over a large log is the one audit read whose cost the visitor picks. It is bounded
// three ways: the JSON text screens events before their values are walked, each statement has a
// time budget of its own (past it: a 400 with advice, the page's own transaction untouched), and
// only a few searches run at once in a process (the next: a 429 with Retry-After).

/** Metadata values a search must find exactly as the value-by-value walk does (quotes, escapes, numbers, nesting, keys). */
const METADATA = [
  { note: 'say "hi" twice' },
  { path: "C:\\temp\\new" },
  { lines: "first line\nsecond line" },
  { tab: "a\tb" },
  { amount: 4242, ratio: 0.5 },
  { deep: { deeper: ["Déjà Vu", { x: "ΟΔΟΣ" }] } },
  { "key-only-word": true },
  { emoji: "rocket 🚀 launch" },
  { percent: "100% done_now" },
  { empty: "" },
  // A sigma folds by its neighbours (final ς, else σ); in the JSON text the letter of `\n` or `\t` is its neighbour.
  { name: "Name:\nΣ. Papadopoulos" },
  { code: "x\tΣ 42" },
];
const QUERIES = ['"hi"', "hi", "SAY", "c:\\temp", "\\new", "temp\\", "line\nsecond", "a\tb", "4242", "0.5", "déjà vu", "DÉJÀ", "οδος", "ΟΔΟΣ", "key-only", "true", "🚀", "100%", "done_", "%", "_", "{", ":", "Σ. Pap", "σ 42", "ς 42", "σ. pap"];

async function seedMetadata(tenantId: string): Promise<void> {
  await withTenant(tenantId, (tx) =>
    tx.execute(sql`
      insert into audit_events (tenant_id, action, target, metadata, created_at)
      select ${tenantId}::uuid, 'test.search', null, value, now() - ordinality * interval '1 second'
      from jsonb_array_elements(${JSON.stringify(METADATA)}::jsonb) with ordinality as m(value, ordinality)`),
  );
}

/** The events whose metadata holds `q` in some string or number value, by the walk alone (no screening by the JSON text). */
async function matchingByValues(tenantId: string, q: string): Promise<string[]> {
  const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = await withTenant(tenantId, (tx) =>
    tx.execute<{ id: string }>(sql`
      select id from audit_events e where tenant_id = ${tenantId}::uuid and action = 'test.search'
        and exists (select 1 from jsonb_path_query(e.metadata, 'strict $.**') as v(value)
          where jsonb_typeof(v.value) in ('string', 'number') and (v.value #>> '{}') collate "und-x-icu" ilike ${pattern})
      order by created_at desc, id desc`),
  );
  return rows.map((r) => r.id);
}

/** `count` events in one workspace that no search below matches: enough that walking them takes far longer than a millisecond. */
async function seedLargeLog(tenantId: string, count: number): Promise<void> {
  await withTenant(tenantId, (tx) =>
    tx.execute(sql`
      insert into audit_events (tenant_id, action, target, metadata, created_at)
      select ${tenantId}::uuid, 'test.bulk', 'item:' || g, jsonb_build_object('n', g, 'note', 'generated event ' || g), now() - g * interval '1 second'
      from generate_series(1, ${count}::int) g`),
  );
}

describe("audit log text search", () => {
  it("finds exactly the events the value-by-value walk finds, whatever JSON escapes in the text or the search", async () => {
    const t = await makeTenant();
    await seedMetadata(t.tenant.id);
    const caller = createCaller(contextFor({ user: t.owner, tenant: t.tenant }));
    let matched = 0;
    for (const q of QUERIES) {
      const expected = await matchingByValues(t.tenant.id, q);
      const found = (await caller.audit.list({ pageSize: 100, filters: { q, action: "test.search" } })).items.map((i) => i.id);
      expect(found, JSON.stringify(q)).toEqual(expected);
      matched += expected.length;
    }
    // The cases are not vacuous: most searches find something (quotes, backslashes, a newline, numbers, nesting, case).
    expect(matched).toBeGreaterThan(15);
    const ids = async (q: string) => (await caller.audit.list({ pageSize: 100, filters: { q, action: "test.search" } })).items.length;
    expect(await ids('"hi"')).toBe(1);
    expect(await ids("c:\\temp")).toBe(1);
    expect(await ids("line\nsecond")).toBe(1);
    expect(await ids("ΟΔΟΣ")).toBe(1);
    expect(await ids("key-only")).toBe(0);
    expect(await ids("Σ. Pap")).toBe(1);
    expect(await ids("σ 42")).toBe(1);
  });

  it("a search that runs out of time is a 400 that says how to narrow it, and leaves the page's transaction usable", async () => {
    const t = await makeTenant();
    await seedLargeLog(t.tenant.id, 60_000);
    const refused = await readTogether(t.tenant.id, async () => {
      const outcome = await listAuditEvents({ tenantId: t.tenant.id, pageSize: 25, filters: { q: "no such text anywhere" }, searchTimeoutMs: 1 }).catch((error: unknown) => error);
      // The page's own reads go on in the shared transaction after the search was cancelled.
      const [row] = await withTenant(t.tenant.id, (tx) => tx.execute<{ n: number }>(sql`select count(*)::int as n from audit_events where tenant_id = ${t.tenant.id}::uuid`));
      expect(row?.n).toBeGreaterThanOrEqual(60_000);
      return outcome;
    });
    // Says what came back instead, should this ever fail (it did once in CI, under load, unexplained).
    expect(isAppError(refused), `not an AppError: ${refused instanceof Error ? `${refused.name}: ${refused.message} (code ${String((refused as { code?: unknown }).code)})` : JSON.stringify(refused)?.slice(0, 300)}`).toBe(true);
    expect(refused).toMatchObject({ code: "BAD_REQUEST", status: 400, reason: "search_too_slow" });
    expect((refused as Error).message).toBe("Searching this log for that text took too long. Narrow the search with dates, an action or a person.");
    // With time enough, the same search answers, and a narrowed one (an action the log lacks) is an index probe.
    const answered = await listAuditEvents({ tenantId: t.tenant.id, pageSize: 25, filters: { q: "no such text anywhere" }, searchTimeoutMs: 60_000 });
    expect(answered).toMatchObject({ items: [], total: 0, older: null, newer: null });
    const narrowed = await listAuditEvents({ tenantId: t.tenant.id, pageSize: 25, filters: { q: "generated", action: "member.added" }, searchTimeoutMs: 1_000 });
    expect(narrowed.items).toEqual([]);
  });

  it("only a few searches run at once in a process; the next gets a 429 with Retry-After, and every place comes back", async () => {
    const t = await makeTenant();
    await seedLargeLog(t.tenant.id, 2_000);
    const search = (q = "generated event 1") => listAuditEvents({ tenantId: t.tenant.id, pageSize: 25, filters: { q }, searchTimeoutMs: 60_000 });
    const max = maxAuditSearches();
    expect(max).toBeGreaterThanOrEqual(2);
    // Started in one go: every place is taken before any search has finished.
    const running = Array.from({ length: max }, () => search());
    await expect(search()).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS", retryAfterSeconds: 5, reason: "search_busy" });
    // A read without search text is not a search: it never waits for a place.
    await expect(listAuditEvents({ tenantId: t.tenant.id, pageSize: 5 })).resolves.toMatchObject({ pageSize: 5 });
    for (const page of await Promise.all(running)) expect(page.items.length).toBeGreaterThan(0);
    // Searches that failed (out of time) give their places back as well as those that answered.
    const failed = await Promise.allSettled(Array.from({ length: max }, () => listAuditEvents({ tenantId: t.tenant.id, pageSize: 25, filters: { q: "nothing here" }, searchTimeoutMs: 1 })));
    expect(failed.every((f) => f.status === "rejected" || f.value.items.length === 0)).toBe(true);
    const again = await Promise.all(Array.from({ length: max }, () => search("generated event 2")));
    expect(again.every((page) => page.items.length > 0)).toBe(true);
  });

  it("the newest page of a search that finds less than a page counts itself (no second walk), and the count is right either way", async () => {
    const t = await makeTenant();
    await seedLargeLog(t.tenant.id, 300);
    const caller = createCaller(contextFor({ user: t.owner, tenant: t.tenant }));
    // "generated event 12" is in 12, 120–129 and 1200… (absent): 11 events; "event 1" in 111 of them.
    expect((await caller.audit.list({ pageSize: 25, filters: { q: "generated event 12" } })).total).toBe(11);
    const many = await caller.audit.list({ pageSize: 25, filters: { q: "generated event 1" } });
    expect(many.items).toHaveLength(25);
    expect(many.total).toBe(111);
    const second = await caller.audit.list({ pageSize: 100, filters: { q: "generated event 1" }, before: many.older! });
    expect(second.total).toBe(111);
  });

  it("a search's later pages show the count its newest page took (the page links carry it) instead of walking the log again", async () => {
    const t = await makeTenant();
    await seedLargeLog(t.tenant.id, 300);
    const caller = createCaller(contextFor({ user: t.owner, tenant: t.tenant }));
    const newest = await caller.audit.list({ pageSize: 25, filters: { q: "generated event 1" }, searchTotal: 7 });
    // The newest page always counts (a count carried to it would be a stale one).
    expect(newest.total).toBe(111);
    // A later page takes the carried count as it is: proof that it did not count again.
    const older = await caller.audit.list({ pageSize: 25, filters: { q: "generated event 1" }, before: newest.older!, searchTotal: 110 });
    expect(older.total).toBe(110);
    expect(older.items).toHaveLength(25);
    // A newer page in the middle (not the top, which is read afresh) keeps it too.
    const third = await caller.audit.list({ pageSize: 25, filters: { q: "generated event 1" }, before: older.older!, searchTotal: 110 });
    const back = await caller.audit.list({ pageSize: 25, filters: { q: "generated event 1" }, after: third.newer!, searchTotal: 109 });
    expect(back.items.map((i) => i.id)).toEqual(older.items.map((i) => i.id));
    expect(back.total).toBe(109);
    // Without search text, counting is cheap (capped index walk): the carried count is ignored.
    expect((await caller.audit.list({ pageSize: 25, before: newest.older!, searchTotal: 3 })).total).toBeGreaterThan(100);
    // The largest count it takes is the cap's "more than"; anything larger is refused.
    expect((await caller.audit.list({ pageSize: 25, filters: { q: "generated event 1" }, before: newest.older!, searchTotal: 1_001 })).totalCapped).toBe(true);
    await expect(caller.audit.list({ pageSize: 25, filters: { q: "generated" }, before: newest.older!, searchTotal: 1_002 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("a searching export takes the same places: refused (429) when none is free, and a download under way waits its turn", async () => {
    const t = await makeTenant();
    await seedLargeLog(t.tenant.id, 60);
    const search = { q: "generated event" };
    const held = Array.from({ length: maxAuditSearches() }, () => claimSearchSlot());
    await expect(streamAuditCsv({ tenantId: t.tenant.id, filters: search, batchRows: 10 })).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS", retryAfterSeconds: 5, reason: "search_busy" });
    held.forEach((release) => release());
    expect(searchSlotsInUse()).toEqual({ running: 0, exporting: 0, waiting: 0 });
    // Its first batch read, the download waits for a place for its second while every place is taken.
    const reader = (await streamAuditCsv({ tenantId: t.tenant.id, filters: search, batchRows: 10 })).getReader();
    const taken = Array.from({ length: maxAuditSearches() }, () => claimSearchSlot());
    const decoder = new TextDecoder();
    let text = decoder.decode((await reader.read()).value);
    let second: string | null = null;
    const pending = reader.read().then((chunk) => (second = decoder.decode(chunk.value)));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(second).toBeNull();
    expect(searchSlotsInUse()).toMatchObject({ running: maxAuditSearches(), waiting: 1 });
    // A listing does not queue behind it: still a 429.
    await expect(listAuditEvents({ tenantId: t.tenant.id, pageSize: 5, filters: search })).rejects.toMatchObject({ reason: "search_busy" });
    // One place given back goes to the download, which reads on to the end.
    taken.pop()!();
    await pending;
    text += second!;
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) text += decoder.decode(chunk.value);
    expect(text.trimEnd().split("\r\n")).toHaveLength(61);
    taken.forEach((release) => release());
    expect(searchSlotsInUse()).toEqual({ running: 0, exporting: 0, waiting: 0 });
  });

  it("a search an administrator cancels (pg_cancel_backend) is not 'too slow': it stays a database error (503), and frees its place", async () => {
    const t = await makeTenant();
    await seedLargeLog(t.tenant.id, 100);
    const admin = postgres(process.env.TEST_ADMIN_URL!, { max: 2, onnotice: () => {} });
    let unlock: () => void = () => {};
    try {
      // The log is locked, so the search waits on the lock, well inside its budget; then it is cancelled.
      await new Promise<void>((resolve) => {
        void admin.begin(async (tx) => {
          await tx`lock table audit_events in access exclusive mode`;
          resolve();
          await new Promise<void>((release) => {
            unlock = release;
            // Should the cancel below miss, the search still ends (and the test fails on its outcome).
            setTimeout(release, 10_000).unref();
          });
        });
      });
      const outcome = listAuditEvents({ tenantId: t.tenant.id, pageSize: 25, filters: { q: "generated event 1" }, searchTimeoutMs: 60_000 }).catch((error: unknown) => error);
      let pid: number | undefined;
      for (let i = 0; i < 100 && pid === undefined; i++) {
        const [waiting] = await admin<{ pid: number }[]>`select pid from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and query ilike '%from "audit_events"%' limit 1`;
        pid = waiting?.pid;
        if (pid === undefined) await new Promise((r) => setTimeout(r, 50));
      }
      expect(pid).toBeDefined();
      await admin`select pg_cancel_backend(${pid!})`;
      const error = await outcome;
      expect(isAppError(error) && error.reason === "search_too_slow").toBe(false);
      expect(isDatabaseUnavailable(error)).toBe(true);
      unlock();
      expect(searchSlotsInUse()).toEqual({ running: 0, exporting: 0, waiting: 0 });
      // The same search, uncancelled, answers.
      expect((await listAuditEvents({ tenantId: t.tenant.id, pageSize: 25, filters: { q: "generated event 1" } })).items.length).toBeGreaterThan(0);
    } finally {
      unlock();
      await admin.end({ timeout: 5 });
    }
  });

  it("exports never hold every place (listings always find one), and a download that ends while waiting leaves the queue", async () => {
    const max = maxAuditSearches();
    const exportsAtMost = Math.max(1, max - 1);
    const exports = Array.from({ length: exportsAtMost }, () => claimSearchSlot("export"));
    expect(() => claimSearchSlot("export")).toThrow(expect.objectContaining({ reason: "search_busy" }));
    // Downloads under way queue for the next export place; a listing takes the one left at once.
    const ended = new AbortController();
    const queued = waitForSearchSlot(60_000, ended.signal);
    const next = waitForSearchSlot(60_000);
    expect(searchSlotsInUse()).toEqual({ running: exportsAtMost, exporting: exportsAtMost, waiting: 2 });
    if (max > exportsAtMost) {
      const listing = claimSearchSlot();
      // Its release does not go to an export: exports already hold all they may.
      listing();
      expect(searchSlotsInUse().waiting).toBe(2);
    }
    // The first download ends while waiting: it leaves the queue, and the place goes to the next.
    ended.abort();
    await expect(queued).rejects.toMatchObject({ reason: "search_busy" });
    expect(searchSlotsInUse().waiting).toBe(1);
    exports.pop()!();
    const handed = await next;
    expect(searchSlotsInUse()).toEqual({ running: exportsAtMost, exporting: exportsAtMost, waiting: 0 });
    handed();
    handed();
    exports.forEach((release) => release());
    expect(searchSlotsInUse()).toEqual({ running: 0, exporting: 0, waiting: 0 });
  });
});
