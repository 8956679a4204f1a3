import { describe, expect, it } from "vitest";
import { contextFor, makeTenant, TEST_META } from "../../test/factories";
import { findTenantBySlug, isSlugTaken, listUserWorkspaces } from "../db/cross-tenant";
import { getObject, putObject } from "../storage/storage";
import { createCaller } from "../trpc/root";
import { deleteTenant, purgeDeletedTenants } from "./delete-tenant";

describe("workspace deletion", () => {
  it("needs the owner and the exact slug; the workspace disappears at once and its slug stays taken", async () => {
    const t = await makeTenant([{ role: "admin" }]);
    const admin = createCaller(contextFor({ user: t.members[0]!.user, tenant: t.tenant }));
    await expect(admin.tenant.delete({ confirmSlug: t.tenant.slug })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const owner = createCaller(contextFor({ user: t.owner, tenant: t.tenant }));
    await expect(owner.tenant.delete({ confirmSlug: "nope" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect((await owner.tenant.delete({ confirmSlug: t.tenant.slug.toUpperCase() })).redirectUrl).toMatch(/\/auth\/handoff\?/);
    expect(await findTenantBySlug(t.tenant.slug)).toBeNull();
    expect(await listUserWorkspaces(t.owner.id)).toEqual([]);
    expect(await isSlugTaken(t.tenant.slug)).toBe(true);
  });

  it("the sweep purges deleted workspaces after the retention period, with everything they own", async () => {
    const t = await makeTenant([{ role: "member" }]);
    await deleteTenant({ tenantId: t.tenant.id, actorUserId: t.owner.id, confirmSlug: t.tenant.slug, meta: TEST_META });
    expect(await purgeDeletedTenants({ now: new Date(Date.now() + 29 * 86_400_000) })).toBe(0);
    expect(await purgeDeletedTenants({ now: new Date(Date.now() + 31 * 86_400_000) })).toBeGreaterThanOrEqual(1);
    expect(await isSlugTaken(t.tenant.slug)).toBe(false);
    // Nothing of it is left in any tenant table (checked as a superuser, past RLS).
    const postgres = (await import("postgres")).default;
    const admin = postgres(process.env.TEST_ADMIN_URL!, { max: 1, onnotice: () => {} });
    try {
      for (const table of ["memberships", "audit_events"]) {
        const [row] = await admin.unsafe(`select count(*)::int as n from ${table} where tenant_id = $1`, [t.tenant.id]);
        expect(row!.n, table).toBe(0);
      }
    } finally {
      await admin.end({ timeout: 5 });
    }
  });

  it("one workspace that cannot be purged does not stop the others; the next run takes it", async () => {
    const stuck = await makeTenant();
    const fine = await makeTenant();
    for (const t of [stuck, fine]) await deleteTenant({ tenantId: t.tenant.id, actorUserId: t.owner.id, confirmSlug: t.tenant.slug, meta: TEST_META });
    const postgres = (await import("postgres")).default;
    const admin = postgres(process.env.TEST_ADMIN_URL!, { max: 1, onnotice: () => {} });
    const fn = `atrium_test_refuse_${stuck.tenant.id.replace(/-/g, "")}`;
    try {
      // Stands in for a purge that fails (a statement timeout on a very large workspace, say).
      await admin.unsafe(`create function ${fn}() returns trigger language plpgsql as $$ begin raise exception 'cannot purge this one'; end $$`);
      await admin.unsafe(`create trigger ${fn} before delete on memberships for each row when (old.tenant_id = '${stuck.tenant.id}') execute function ${fn}()`);
      await purgeDeletedTenants({ now: new Date(Date.now() + 31 * 86_400_000) });
      expect(await isSlugTaken(fine.tenant.slug)).toBe(false);
      expect(await isSlugTaken(stuck.tenant.slug)).toBe(true);
    } finally {
      await admin.unsafe(`drop trigger if exists ${fn} on memberships`);
      await admin.unsafe(`drop function if exists ${fn}()`);
      await admin.end({ timeout: 5 });
    }
    await purgeDeletedTenants({ now: new Date(Date.now() + 31 * 86_400_000) });
    expect(await isSlugTaken(stuck.tenant.slug)).toBe(false);
  });

  it("the purge ends the workspace's revenue in the ledger (a subscription still running out would never find it again)", async () => {
    const t = await makeTenant();
    const { recordMrrMovement } = await import("../revenue/record-mrr-movement");
    const { withTenant } = await import("../db/with-tenant");
    await withTenant(t.tenant.id, (tx) => recordMrrMovement(tx, { tenantId: t.tenant.id, toCents: 9_900, planId: "pro", interval: "month", subscriptionId: "sub_x", cause: "test" }));
    await deleteTenant({ tenantId: t.tenant.id, actorUserId: t.owner.id, confirmSlug: t.tenant.slug, meta: TEST_META });
    expect(await purgeDeletedTenants({ now: new Date(Date.now() + 31 * 86_400_000) })).toBeGreaterThanOrEqual(1);
    const postgres = (await import("postgres")).default;
    const admin = postgres(process.env.TEST_ADMIN_URL!, { max: 1, onnotice: () => {} });
    try {
      const rows = await admin<{ kind: string; to_cents: string; cause: string }[]>`select kind, to_cents, cause from mrr_movements where tenant_id = ${t.tenant.id} order by seq`;
      expect(rows.map((r) => [r.kind, Number(r.to_cents), r.cause])).toEqual([
        ["new", 9_900, "test"],
        ["churn", 0, "workspace purged"],
      ]);
    } finally {
      await admin.end({ timeout: 5 });
    }
  });

  it("the purge removes the workspace's files (logos, exports) and no other workspace's", async () => {
    const gone = await makeTenant();
    const kept = await makeTenant();
    const files = [`logos/${gone.tenant.id}/a.png`, `logos/${gone.tenant.id}/b.svg`, `exports/${gone.tenant.id}/e.json`];
    for (const key of [...files, `logos/${kept.tenant.id}/c.png`]) await putObject(key, "bytes");
    await deleteTenant({ tenantId: gone.tenant.id, actorUserId: gone.owner.id, confirmSlug: gone.tenant.slug, meta: TEST_META });
    await purgeDeletedTenants({ now: new Date(Date.now() + 31 * 86_400_000) });
    for (const key of files) expect(await getObject(key), key).toBeNull();
    expect((await getObject(`logos/${kept.tenant.id}/c.png`))?.toString()).toBe("bytes");
  });
});
