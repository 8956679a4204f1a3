import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";

// A search inside a request's shared transaction (a page's, a tRPC procedure's) holds that
// connection and opens a second for its own time budget. With a small pool, two such searches
// could each hold one connection and wait for the other's for ever; the cap leaves one free.
process.env.DATABASE_POOL_MAX = "2";
const { listAuditEvents } = await import("../server/audit/list-audit-events");
const { maxAuditSearches } = await import("../server/audit/search-slots");
const { readTogether, withTenant } = await import("../server/db/with-tenant");
const { makeTenant } = await import("./factories");

const HUNG = "still waiting after 15 s";

describe("audit search with a pool of two connections", () => {
  it("runs one search at a time, and searches inside requests' transactions all end (answer or 429), none waits for ever", async () => {
    expect(maxAuditSearches()).toBe(1);
    const t = await makeTenant();
    await withTenant(t.tenant.id, (tx) =>
      tx.execute(sql`
        insert into audit_events (tenant_id, action, target, metadata, created_at)
        select ${t.tenant.id}::uuid, 'test.bulk', 'item:' || g, jsonb_build_object('note', 'generated event ' || g), now() - g * interval '1 second'
        from generate_series(1, 2000) g`),
    );
    const inRequest = () => readTogether(t.tenant.id, () => listAuditEvents({ tenantId: t.tenant.id, pageSize: 25, filters: { q: "generated event 1" }, searchTimeoutMs: 10_000 }));
    const outcomes = await Promise.race([
      Promise.allSettled([inRequest(), inRequest(), inRequest(), inRequest()]),
      new Promise<typeof HUNG>((resolve) => setTimeout(() => resolve(HUNG), 15_000).unref()),
    ]);
    expect(outcomes).not.toBe(HUNG);
    const settled = outcomes as PromiseSettledResult<Awaited<ReturnType<typeof listAuditEvents>>>[];
    const answered = settled.filter((o) => o.status === "fulfilled");
    expect(answered.length).toBeGreaterThanOrEqual(1);
    for (const o of answered) expect(o.value.items.length).toBeGreaterThan(0);
    const refusals: unknown[] = settled.flatMap((o) => (o.status === "rejected" ? [o.reason as unknown] : []));
    for (const refusal of refusals) expect(refusal).toMatchObject({ code: "TOO_MANY_REQUESTS", reason: "search_busy" });
  });
});
