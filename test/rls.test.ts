import postgres from "postgres";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { getDb } from "../server/db/client";
import { auditEvents, memberships, tenants } from "../server/db/schema";
import { withTenant } from "../server/db/with-tenant";
import { findRuntimeRoleProblems } from "../server/db/safety";
import { makeTenant, makeUser } from "./factories";
import { rlsProbe, rlsProbeComment } from "./rls-probe";

const a = await makeTenant([{ role: "member" }]);
const b = await makeTenant([{ role: "admin" }]);

/** Drizzle wraps driver errors; the PostgreSQL message is on the cause. */
async function expectRlsViolation(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, "the write should have been refused").not.toBeNull();
  const cause = (error as { cause?: { message?: string } }).cause;
  expect(cause?.message ?? String(error)).toMatch(/row-level security/);
}

// Every table with a tenant_id column, read from the catalog so a new table is covered too.
const tenantTables = (
  await getDb().execute<{ table_name: string }>(sql`
    select table_name from information_schema.columns
    where table_schema = 'public' and column_name = 'tenant_id' order by table_name`)
).map((r) => r.table_name);

describe("row-level security through withTenant", () => {
  it("finds the tenant tables", () => {
    expect(tenantTables).toEqual(expect.arrayContaining(["audit_events", "memberships"]));
  });

  it.each(["tenants", "memberships", "audit_events"])("%s: tenant A sees only its own rows", async (table) => {
    const column = table === "tenants" ? "id" : "tenant_id";
    const rows = await rlsProbe(a.tenant.id, (tx) =>
      tx.execute<{ tid: string }>(sql`select ${sql.identifier(column)}::text as tid from ${sql.identifier(table)}`),
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r.tid))).toEqual(new Set([a.tenant.id]));
  });

  it("a query with no tenant set sees no rows in any tenant table", async () => {
    for (const table of [...tenantTables, "tenants"]) {
      const rows = await rlsProbe(null, (tx) => tx.execute(sql`select 1 from ${sql.identifier(table)}`));
      expect(rows.length, table).toBe(0);
    }
    // Outside any transaction too (the setting is transaction-local, so nothing leaks from a pool).
    expect((await getDb().execute(sql`select 1 from memberships ${rlsProbeComment}`)).length).toBe(0);
  });

  it("tenant A cannot insert rows for tenant B", async () => {
    const user = await makeUser();
    await expectRlsViolation(
      withTenant(a.tenant.id, (tx) => tx.insert(memberships).values({ tenantId: b.tenant.id, userId: user.id, role: "owner" })),
    );
    await expectRlsViolation(
      withTenant(a.tenant.id, (tx) => tx.insert(auditEvents).values({ tenantId: b.tenant.id, action: "forged" })),
    );
  });

  it("tenant A cannot update or delete tenant B's rows", async () => {
    await withTenant(a.tenant.id, async (tx) => {
      await tx.update(tenants).set({ name: "hijacked" }).where(sql`${tenants.id} = ${b.tenant.id}`);
      await tx.update(memberships).set({ role: "member" }).where(sql`${memberships.tenantId} = ${b.tenant.id}`);
      await tx.delete(auditEvents).where(sql`${auditEvents.tenantId} = ${b.tenant.id}`);
    });
    const after = await rlsProbe(b.tenant.id, async (tx) => ({
      tenant: (await tx.select().from(tenants))[0],
      roles: (await tx.select().from(memberships)).map((m) => m.role).sort(),
      audit: (await tx.select().from(auditEvents)).length,
    }));
    expect(after.tenant?.name).toBe(b.tenant.name);
    expect(after.roles).toEqual(["admin", "owner"]);
    // tenant.created + member.added, untouched.
    expect(after.audit).toBe(2);
  });

  it("cannot move a row into another tenant", async () => {
    await expectRlsViolation(
      withTenant(a.tenant.id, (tx) =>
        tx.update(auditEvents).set({ tenantId: b.tenant.id }).where(sql`${auditEvents.tenantId} = ${a.tenant.id}`),
      ),
    );
  });

  it("the setting does not survive its transaction on a pooled connection", async () => {
    await withTenant(a.tenant.id, async () => {});
    const [row] = await getDb().execute<{ v: string | null }>(sql`select current_setting('app.tenant_id', true) as v`);
    expect(row?.v ?? "").toBe("");
  });
});

describe("catalog checks", () => {
  const owner = postgres(process.env.TEST_OWNER_URL!, { max: 1, onnotice: () => {} });
  afterAll(() => owner.end({ timeout: 5 }));

  it("every table with tenant_id has RLS enabled and forced, and a policy for the app role", async () => {
    const rows = await owner<{ table: string; enabled: boolean; forced: boolean; policies: number }[]>`
      select c.relname as table, c.relrowsecurity as enabled, c.relforcerowsecurity as forced,
        (select count(*)::int from pg_policies p where p.tablename = c.relname and 'atrium_app' = any(p.roles)) as policies
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'r'
        and (exists (select 1 from information_schema.columns col
                     where col.table_schema = 'public' and col.table_name = c.relname and col.column_name = 'tenant_id')
             or c.relname = 'tenants')`;
    expect(rows.length).toBeGreaterThanOrEqual(3);
    for (const row of rows) {
      expect(row, row.table).toMatchObject({ enabled: true, forced: true });
      expect(row.policies, row.table).toBeGreaterThan(0);
    }
  });

  it("tenant_id leads the primary key and every unique index of tenant tables", async () => {
    const rows = await owner<{ table: string; index: string; first: string }[]>`
      select t.relname as table, i.relname as index, a.attname as first
      from pg_index x
      join pg_class t on t.oid = x.indrelid join pg_class i on i.oid = x.indexrelid
      join pg_namespace n on n.oid = t.relnamespace
      join pg_attribute a on a.attrelid = t.oid and a.attnum = x.indkey[0]
      where n.nspname = 'public' and x.indisunique
        and exists (select 1 from information_schema.columns col
                    where col.table_schema = 'public' and col.table_name = t.relname and col.column_name = 'tenant_id')`;
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.first, `${row.table}.${row.index}`).toBe("tenant_id");
  });

  it("the runtime role cannot bypass RLS", async () => {
    const { sql: app } = (await import("../server/db/client")).getClient();
    expect(await findRuntimeRoleProblems(app)).toEqual([]);
  });

  it("flags a role that owns the tables, and a superuser", async () => {
    expect((await findRuntimeRoleProblems(owner)).join("\n")).toMatch(/owns or can act as the owner/);
    const admin = postgres(process.env.TEST_ADMIN_URL!, { max: 1, onnotice: () => {} });
    try {
      expect((await findRuntimeRoleProblems(admin)).join("\n")).toMatch(/superuser/);
    } finally {
      await admin.end({ timeout: 5 });
    }
  });
});

