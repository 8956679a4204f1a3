import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { checkStatements, readStatementLog, type ScopeReport } from "./tenant-scope";

// Every test file runs with ATRIUM_SQL_LOG pointing at its own log (test/setup-database.ts), so
// the statements checked are the ones the app really sent while the file's flows ran: dashboard
// reads, tRPC procedures, the REST API, webhooks and jobs, whatever the suite exercises. After the
// file, each statement on a tenant table must name its tenant (test/tenant-scope.ts) or the file
// fails; the run's total is printed at the end (test/global-setup.ts).

export type FileAudit = ScopeReport & { testFile: string };

export type AuditCatalog = { tenantTables: string[]; crossTenantFunctions: string[] };

/** Checks one test file's statement log, writes its summary beside it (`.json`), and throws when a statement lacks its tenant. */
export function auditStatementLog(options: { logFile: string; testFile: string } & AuditCatalog): FileAudit {
  const text = existsSync(options.logFile) ? readFileSync(options.logFile, "utf8") : "";
  const report = checkStatements(readStatementLog(text), new Set(options.tenantTables), new Set(options.crossTenantFunctions));
  const audit: FileAudit = { testFile: options.testFile, ...report };
  writeFileSync(options.logFile.replace(/\.log$/, ".json"), JSON.stringify(audit));
  if (report.unpinned.length) {
    const list = report.unpinned.map((u) => `  - [${u.tables.join(", ")}] ${u.sql.slice(0, 400)}`).join("\n");
    throw new Error(
      `${report.unpinned.length} of ${report.checked.length} statements on tenant tables do not name their tenant ` +
        `(Citus routes a statement to one shard only by an explicit tenant_id predicate; RLS is not enough):\n${list}\n` +
        `Add eq(<table>.tenantId, tenantId) to the WHERE (and to joins between tenant tables), or supply tenant_id on INSERT. ` +
        `Work across tenants goes through server/db/cross-tenant.ts; a test that deliberately probes RLS uses rlsProbe() from test/rls-probe.ts.`,
    );
  }
  return audit;
}

/** The run's total over every file summary in `dir`: the line printed after the run. */
export function summarizeAudits(dir: string): { line: string; checked: number; pinned: number } | null {
  if (!existsSync(dir)) return null;
  const audits = readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .map((f) => JSON.parse(readFileSync(path.join(dir, f), "utf8")) as FileAudit);
  if (!audits.length) return null;
  const checked = new Set(audits.flatMap((a) => a.checked));
  if (!checked.size) return null;
  const unpinned = new Set(audits.flatMap((a) => a.unpinned.map((u) => u.sql)));
  const crossTenant = new Set(audits.flatMap((a) => a.crossTenantCalls));
  const exempt = new Set(audits.flatMap((a) => a.exempt));
  const pinned = checked.size - unpinned.size;
  const line =
    `Citus readiness: ${pinned} of ${checked.size} distinct statements on tenant tables name their tenant ` +
    `(sent while ${audits.length} test file${audits.length === 1 ? "" : "s"} ran); ` +
    `${crossTenant.size} cross-tenant function${crossTenant.size === 1 ? "" : "s"} called through server/db/cross-tenant.ts; ` +
    `${exempt.size} RLS probe${exempt.size === 1 ? "" : "s"} exempt.`;
  return { line, checked: checked.size, pinned };
}
