import postgres from "postgres";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, inject, it } from "vitest";
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

// Citus readiness (README.md, "Citus"). The statements themselves are checked after every test
// file: each one on a tenant table must name its tenant (test/tenant-scope-audit.ts).
describe("Citus readiness", () => {
  const owner = postgres(process.env.TEST_OWNER_URL!, { max: 1, onnotice: () => {} });
  afterAll(() => owner.end({ timeout: 5 }));

  const script = readFileSync(path.resolve("scripts/citus-distribute.sql"), "utf8").replace(/--[^\n]*/g, "");
  const distributed = [...script.matchAll(/create_distributed_table\('(\w+)', '(\w+)'(?:, colocate_with => '(\w+)')?\)/g)].map((m) => ({
    table: m[1]!,
    column: m[2]!,
    colocateWith: m[3] ?? null,
  }));
  const reference = [...script.matchAll(/create_reference_table\('(\w+)'\)/g)].map((m) => m[1]!);
  const local = (/local_tables text\[\] := array\[([^\]]*)\]/.exec(script)?.[1] ?? "").split(",").map((t) => t.trim().replace(/'/g, "")).filter(Boolean);

  async function publicTables(): Promise<string[]> {
    const rows = await owner<{ name: string }[]>`
      select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p') order by 1`;
    return rows.map((r) => r.name);
  }

  it("the script distributes exactly the tenant tables, by tenant_id, in one colocation group", () => {
    expect(distributed.map((d) => d.table).sort()).toEqual([...tenantTables].sort());
    for (const d of distributed) expect(d.column, d.table).toBe("tenant_id");
    const [anchor, ...rest] = distributed;
    expect(anchor!.colocateWith).toBeNull();
    for (const d of rest) expect(d.colocateWith, d.table).toBe(anchor!.table);
  });

  it("every other table is a reference table (tenants among them) or named as kept on the coordinator", async () => {
    const named = [...distributed.map((d) => d.table), ...reference, ...local];
    expect(new Set(named).size, "a table is named twice").toBe(named.length);
    expect([...named].sort()).toEqual(await publicTables());
    expect(reference).toContain("tenants");
    expect(reference).toContain("users");
  });

  it("foreign keys are ones Citus accepts between these kinds of table", async () => {
    const keys = await owner<{ name: string; from: string; to: string; fromColumns: string[]; toColumns: string[] }[]>`
      select con.conname as name, con.conrelid::regclass::text as from, con.confrelid::regclass::text as to,
        array(select attname from unnest(con.conkey) with ordinality k(n, i) join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.n order by i)::text[] as "fromColumns",
        array(select attname from unnest(con.confkey) with ordinality k(n, i) join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.n order by i)::text[] as "toColumns"
      from pg_constraint con where con.contype = 'f' and con.connamespace = 'public'::regnamespace`;
    expect(keys.length).toBeGreaterThan(10);
    const kind = (t: string) => (tenantTables.includes(t) ? "distributed" : reference.includes(t) ? "reference" : "local");
    for (const key of keys) {
      const [from, to] = [kind(key.from), kind(key.to)];
      if (from === "distributed" && to === "distributed") {
        // Between colocated tables a key must include the distribution column.
        expect([key.fromColumns[0], key.toColumns[0]], key.name).toEqual(["tenant_id", "tenant_id"]);
      } else if (from === "reference") {
        expect(to, `${key.name}: a reference table may only refer to another`).toBe("reference");
      } else if (from === "distributed") {
        expect(to, `${key.name}: a distributed table may refer to reference tables, not local ones`).toBe("reference");
      }
    }
  });

  it("cross-tenant functions are called only from server/db/cross-tenant.ts and its siblings (cross-tenant-*.ts)", () => {
    const functions = inject("crossTenantFunctions");
    expect(functions).toEqual(expect.arrayContaining(["atrium_tenant_by_slug", "atrium_api_key_by_hash", "atrium_user_workspaces"]));
    expect(functions).not.toContain("atrium_rate_limit_take");
    const sources = ["server", "app", "lib", "components", "scripts"].flatMap((dir) => sourceFiles(dir)).concat(["proxy.ts"]);
    const calls = new RegExp(`\\b(${functions.join("|")})\\s*\\(`);
    // Comments may name them; code may not.
    const code = (file: string) => readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:])\/\/[^\n]*/g, "$1");
    const home = /^server[\\/]db[\\/]cross-tenant(-[a-z-]+)?\.ts$/;
    const offenders = sources.filter((file) => !home.test(file) && calls.test(code(file)));
    expect(offenders).toEqual([]);
    expect(calls.test(code(path.join("server", "db", "cross-tenant.ts")))).toBe(true);
  });
});

/** TypeScript sources under `dir` (tests excluded). */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return name === "node_modules" ? [] : sourceFiles(file);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [file] : [];
  });
}
