import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeStatement, checkStatements, crossTenantFunctionsOf, readStatementLog, RLS_PROBE_MARK } from "./tenant-scope";
import { auditStatementLog } from "./tenant-scope-audit";

const TENANT_TABLES = new Set(["memberships", "api_keys", "audit_events", "usage_rollups"]);
const unpinned = (sql: string) => analyzeStatement(sql, TENANT_TABLES).unpinned;

// The reader behind the Citus check in tenant-predicates.test.ts: each case is a shape the app sends.
describe("analyzeStatement", () => {
  it("accepts drizzle's qualified tenant_id equality", () => {
    expect(unpinned(`select "id" from "api_keys" where ("api_keys"."tenant_id" = $1 and "api_keys"."id" = $2)`)).toEqual([]);
    expect(unpinned(`update "api_keys" set "revoked_at" = $1 where ("api_keys"."tenant_id" = $2 and "api_keys"."id" = $3)`)).toEqual([]);
    expect(unpinned(`delete from "memberships" where ("memberships"."tenant_id" = $1 and "memberships"."user_id" = $2)`)).toEqual([]);
  });

  it("refuses a statement that relies on row-level security alone", () => {
    expect(unpinned(`select "tenant_id", "id" from "audit_events" order by "audit_events"."created_at" desc limit $1`)).toEqual(["audit_events"]);
    expect(unpinned(`update "api_keys" set "last_used_at" = $1 where "api_keys"."id" = $2`)).toEqual(["api_keys"]);
    expect(unpinned(`delete from "memberships" where "memberships"."user_id" = $1`)).toEqual(["memberships"]);
    expect(unpinned(`select count(*) from memberships`)).toEqual(["memberships"]);
  });

  it("does not count a predicate on another column or another table", () => {
    expect(unpinned(`select 1 from "memberships" where "memberships"."user_id" = $1 and "memberships"."tenant_id" is not null`)).toEqual(["memberships"]);
    expect(unpinned(`select 1 from "memberships" inner join "api_keys" on "api_keys"."created_by" = "memberships"."user_id" where "memberships"."tenant_id" = $1`)).toEqual(["api_keys"]);
  });

  it("refuses tenant_id lists, which span several shards", () => {
    expect(unpinned(`select 1 from "memberships" where "memberships"."tenant_id" = any($1)`)).toEqual(["memberships"]);
    expect(unpinned(`select 1 from "memberships" where "memberships"."tenant_id" in ($1, $2)`)).toEqual(["memberships"]);
    expect(unpinned(`select 1 from "memberships" where "memberships"."tenant_id" = lower($1)`)).toEqual(["memberships"]);
  });

  it("accepts a join on tenant_id to a pinned table, and a join through tenants.id", () => {
    expect(
      unpinned(
        `select 1 from "memberships" inner join "api_keys" on ("api_keys"."tenant_id" = "memberships"."tenant_id" and "api_keys"."created_by" = "memberships"."user_id") where "memberships"."tenant_id" = $1`,
      ),
    ).toEqual([]);
    expect(unpinned(`select 1 from "memberships" inner join "tenants" on "tenants"."id" = "memberships"."tenant_id" where "tenants"."id" = $1`)).toEqual([]);
    expect(unpinned(`select 1 from "memberships" inner join "tenants" on "tenants"."id" = "memberships"."tenant_id" where "tenants"."slug" = $1`)).toEqual(["memberships"]);
  });

  it("reads aliases, unqualified columns, literals and casts in hand-written SQL", () => {
    expect(unpinned(`select m.role from memberships m join api_keys as k on k.tenant_id = m.tenant_id where m.tenant_id = $1::uuid`)).toEqual([]);
    expect(unpinned(`select m.role from memberships m join api_keys as k on k.created_by = m.user_id where m.tenant_id = $1::uuid`)).toEqual(["api_keys"]);
    expect(unpinned(`select sum(quantity) from usage_rollups where tenant_id = $1 and granularity = 'day'`)).toEqual([]);
    expect(unpinned(`select 1 from audit_events where tenant_id = '00000000-0000-4000-8000-000000000000'`)).toEqual([]);
    expect(unpinned(`select 1 from audit_events where metadata::text like 'tenant_id = 1'`)).toEqual(["audit_events"]);
  });

  it("checks each subquery's table on its own", () => {
    expect(unpinned(`select 1 from "memberships" where "memberships"."tenant_id" = $1 and exists (select 1 from "api_keys" where "api_keys"."id" = $2)`)).toEqual(["api_keys"]);
    expect(unpinned(`select (select count(*) from memberships where tenant_id = $1), (select count(*) from api_keys where tenant_id = $1)`)).toEqual([]);
    expect(unpinned(`select (select count(*) from memberships where tenant_id = $1), (select count(*) from api_keys)`)).toEqual(["api_keys"]);
  });

  it("reads INSERT column lists", () => {
    expect(unpinned(`insert into "audit_events" ("tenant_id", "id", "action") values ($1, default, $2)`)).toEqual([]);
    expect(unpinned(`insert into "usage_rollups" ("tenant_id", "metric") values ($1, $2) on conflict ("tenant_id", "metric") do update set "quantity" = "usage_rollups"."quantity" + excluded."quantity"`)).toEqual([]);
    expect(unpinned(`insert into "audit_events" ("id", "action") values (default, $1)`)).toEqual(["audit_events"]);
  });

  it("ignores global tables and names cross-tenant function calls", () => {
    expect(analyzeStatement(`select "id" from "users" where "users"."email" = $1`, TENANT_TABLES)).toEqual({ tenantTables: [], unpinned: [], crossTenantCalls: [] });
    expect(analyzeStatement(`select * from atrium_tenant_by_slug($1)`, TENANT_TABLES, new Set(["atrium_tenant_by_slug"]))).toEqual({
      tenantTables: [],
      unpinned: [],
      crossTenantCalls: ["atrium_tenant_by_slug"],
    });
  });
});

describe("the statement log", () => {
  const log = [
    "1:1\tbegin",
    "1:1\tselect set_config('app.tenant_id', $1, true)",
    "1:2\tselect 1 from memberships",
    `1:1\tselect 1 /* ${RLS_PROBE_MARK} */`,
    "1:1\tselect count(*) from api_keys",
    "1:1\tcommit",
    "1:2\tselect 1 from audit_events where tenant_id = $1",
    // Another process sharing the file, with the same connection number.
    "2:1\tselect 1 from usage_rollups",
    "1:1\tselect * from atrium_tenant_by_slug($1)",
  ].join("\n");

  it("follows transactions per process and connection, and exempts a marked transaction only", () => {
    const statements = readStatementLog(log);
    expect(statements.filter((s) => s.exempt).map((s) => s.sql)).toEqual([
      "select set_config('app.tenant_id', $1, true)",
      `select 1 /* ${RLS_PROBE_MARK} */`,
      "select count(*) from api_keys",
    ]);
    const report = checkStatements(statements, new Set(["memberships", "api_keys", "audit_events", "usage_rollups"]), new Set(["atrium_tenant_by_slug"]));
    expect(report.unpinned.map((u) => u.tables)).toEqual([["memberships"], ["usage_rollups"]]);
    expect(report.checked).toHaveLength(3);
    expect(report.exempt).toEqual(["select count(*) from api_keys"]);
    expect(report.crossTenantCalls).toEqual(["atrium_tenant_by_slug"]);
  });

  it("a statement seen once exempt and once not is still checked", () => {
    const statements = readStatementLog([`1:1\tbegin`, `1:1\tselect 1 /* ${RLS_PROBE_MARK} */`, "1:1\tselect 1 from api_keys", "1:1\tcommit", "1:2\tselect 1 from api_keys"].join("\n"));
    expect(checkStatements(statements, new Set(["api_keys"]), new Set()).unpinned).toHaveLength(1);
  });

  it("the audit fails a test file that sent one, and records its summary", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "atrium-scope-"));
    try {
      const logFile = path.join(dir, "f.log");
      writeFileSync(logFile, log);
      const catalog = { tenantTables: ["memberships", "usage_rollups"], crossTenantFunctions: [] };
      expect(() => auditStatementLog({ logFile, testFile: "x.test.ts", ...catalog })).toThrow(/2 of 2 statements on tenant tables do not name their tenant/);
      expect(JSON.parse(readFileSync(path.join(dir, "f.json"), "utf8"))).toMatchObject({ testFile: "x.test.ts", checked: expect.any(Array) });
      writeFileSync(logFile, "1:1\tselect 1 from memberships where memberships.tenant_id = $1\n");
      expect(auditStatementLog({ logFile, testFile: "x.test.ts", ...catalog }).checked).toHaveLength(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("cross-tenant functions are the SECURITY DEFINER ones that touch tenant data", () => {
    expect(
      crossTenantFunctionsOf(
        [
          { name: "atrium_tenant_by_slug", securityDefiner: true, source: "select id from tenants where slug = p_slug" },
          { name: "atrium_rate_limit_take", securityDefiner: true, source: "update rate_limit_buckets set tat = ..." },
          { name: "atrium_trigger", securityDefiner: false, source: "delete from usage_events" },
        ],
        ["usage_events"],
      ),
    ).toEqual(["atrium_tenant_by_slug"]);
  });
});
