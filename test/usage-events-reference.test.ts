import { randomUUID } from "node:crypto";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { withTenant } from "../server/db/with-tenant";
import { tenants } from "../server/db/schema";
import { ingestUsage } from "../server/usage/ingest-usage";
import { purgeDeletedTenants } from "../server/tenants/delete-tenant";
import { apiTenant } from "./api-helpers";

// usage_events refers to tenants through statement-level triggers (drizzle/0019), not a
// row-level foreign key: the same guarantees, checked here one by one.
const admin = postgres(process.env.TEST_ADMIN_URL!, { max: 2, onnotice: () => {} });
afterAll(() => admin.end({ timeout: 5 }));

const countEvents = async (tenantId: string) => Number((await admin`select count(*) as n from usage_events where tenant_id = ${tenantId}`)[0]!.n);

describe("usage_events -> tenants", () => {
  it("refuses events of a workspace that does not exist (also when the database's own roles write)", async () => {
    const missing = randomUUID();
    await expect(admin`insert into usage_events (tenant_id, metric, quantity, occurred_at, idempotency_key) values (${missing}, 'units', 1, now(), 'k')`).rejects.toMatchObject({
      code: "23503",
      constraint_name: "usage_events_tenant_id_tenants_id_fk",
    });
    const t = await apiTenant({ planId: "pro" });
    // A multi-row statement with one bad row is refused whole.
    await expect(
      admin`insert into usage_events (tenant_id, metric, quantity, occurred_at, idempotency_key) values (${t.tenant.id}, 'units', 1, now(), 'a'), (${missing}, 'units', 1, now(), 'b')`,
    ).rejects.toMatchObject({ code: "23503" });
    await expect(admin`update usage_events set tenant_id = ${missing} where tenant_id = ${t.tenant.id}`).resolves.toBeDefined();
    await ingestUsage({ tenantId: t.tenant.id, events: [{ metric: "units", quantity: 1, idempotencyKey: "c" }] });
    await expect(admin`update usage_events set tenant_id = ${missing} where tenant_id = ${t.tenant.id}`).rejects.toMatchObject({ code: "23503" });
    expect(await countEvents(t.tenant.id)).toBe(1);
  });

  it("deleting a workspace (the purge) deletes its events, and no other workspace's", async () => {
    const [a, b] = [await apiTenant({ planId: "pro" }), await apiTenant({ planId: "pro" })];
    for (const t of [a, b]) await ingestUsage({ tenantId: t.tenant.id, events: Array.from({ length: 5 }, (_, i) => ({ metric: "units" as const, quantity: 1, idempotencyKey: `e${i}` })) });
    await withTenant(a.tenant.id, (tx) => tx.update(tenants).set({ deletedAt: new Date(Date.now() - 400 * 86_400_000) }).where(eq(tenants.id, a.tenant.id)));
    expect(await purgeDeletedTenants()).toBeGreaterThanOrEqual(1);
    expect(await countEvents(a.tenant.id)).toBe(0);
    expect(await countEvents(b.tenant.id)).toBe(5);
  });

  it("a workspace deleted while a batch is being written: the delete waits, then takes the events with it", async () => {
    const t = await apiTenant({ planId: "pro" });
    let deleted: Promise<unknown> | undefined;
    await withTenant(t.tenant.id, async (tx) => {
      // The batch's statement has run (the workspace is now locked FOR KEY SHARE) but not committed.
      await tx.execute(
        sql`insert into usage_events (tenant_id, metric, quantity, occurred_at, idempotency_key) values (${t.tenant.id}, 'units', 1, now(), 'in-flight')`,
      );
      deleted = admin`delete from tenants where id = ${t.tenant.id}`.execute();
      // The delete is blocked by the lock, so it has not removed the workspace yet.
      await new Promise((r) => setTimeout(r, 300));
      const [state] = await admin`select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and query like 'delete from tenants%'`;
      expect(state!.n).toBe(1);
    });
    await deleted;
    expect(await countEvents(t.tenant.id)).toBe(0);
  });
});
