import postgres from "postgres";
import os from "node:os";
import path from "node:path";
import { mkdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import type { TestProject } from "vitest/node";
import { createDatabase, ensureRoles, migrateDatabase, OWNER_ROLE, urlFor } from "../server/db/provision";
import { startEmbeddedPostgres, type EmbeddedServer } from "../scripts/lib/embedded-postgres";
import { TEST_PASSWORDS } from "./passwords";
import { crossTenantFunctionsOf } from "./tenant-scope";
import { summarizeAudits } from "./tenant-scope-audit";

declare module "vitest" {
  export interface ProvidedContext {
    adminUrl: string;
    templateDb: string;
    runId: string;
    /** Where each test file's statement log and audit go (test/tenant-scope-audit.ts). */
    sqlLogDir: string;
    tenantTables: string[];
    crossTenantFunctions: string[];
  }
}

/** Tests create and drop databases: never against anything but this machine. */
function assertLocal(url: string) {
  const host = new URL(url).hostname;
  if (!["localhost", "127.0.0.1", "::1", "[::1]"].includes(host)) {
    throw new Error(`TEST_DATABASE_URL must point at a local server (got host "${host}").`);
  }
}

export default async function setup(project: TestProject) {
  keepExitCode();
  const runId = `${process.pid}`;
  let embedded: EmbeddedServer | undefined;
  let adminUrl = process.env.TEST_DATABASE_URL;
  let dataDir: string | undefined;
  if (adminUrl) {
    assertLocal(adminUrl);
  } else {
    dataDir = path.join(os.tmpdir(), `atrium-test-pg-${runId}`);
    embedded = await startEmbeddedPostgres({ dataDir, port: 55000 + (process.pid % 5000), durable: false });
    adminUrl = embedded.adminUrl;
  }

  const templateDb = `atrium_tpl_${runId}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await ensureRoles(admin, TEST_PASSWORDS);
  await admin.unsafe(`DROP DATABASE IF EXISTS ${templateDb}`);
  await createDatabase(admin, templateDb);
  await migrateDatabase(urlFor(adminUrl, OWNER_ROLE, TEST_PASSWORDS.owner, templateDb));
  const catalog = await readTenantCatalog(urlFor(adminUrl, new URL(adminUrl).username, decodeURIComponent(new URL(adminUrl).password), templateDb));
  const sqlLogDir = path.join(os.tmpdir(), `atrium-sql-${runId}`);
  rmSync(sqlLogDir, { recursive: true, force: true });
  mkdirSync(sqlLogDir, { recursive: true });

  project.provide("adminUrl", adminUrl);
  project.provide("templateDb", templateDb);
  project.provide("runId", runId);
  project.provide("sqlLogDir", sqlLogDir);
  project.provide("tenantTables", catalog.tenantTables);
  project.provide("crossTenantFunctions", catalog.crossTenantFunctions);

  return async () => {
    const summary = summarizeAudits(sqlLogDir);
    if (summary) console.log(`\n${summary.line}\n`);
    rmSync(sqlLogDir, { recursive: true, force: true });
    if (embedded) {
      await admin.end({ timeout: 5 });
      await embedded.stop();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
      return;
    }
    const leftovers = await admin<{ datname: string }[]>`
      select datname from pg_database where datname like ${`atrium_t_${runId}_%`} or datname = ${templateDb}`;
    for (const { datname } of leftovers) await admin.unsafe(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    await admin.end({ timeout: 5 });
  };
}

/** The tables with a tenant_id column, and the functions that cross tenants, read from the migrated template. */
async function readTenantCatalog(url: string): Promise<{ tenantTables: string[]; crossTenantFunctions: string[] }> {
  const db = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const tables = await db<{ table_name: string }[]>`
      select table_name from information_schema.columns
      where table_schema = 'public' and column_name = 'tenant_id' order by table_name`;
    const functions = await db<{ name: string; securityDefiner: boolean; source: string }[]>`
      select p.proname as name, p.prosecdef as "securityDefiner", p.prosrc as source
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = 'public'`;
    const tenantTables = tables.map((t) => t.table_name);
    return { tenantTables, crossTenantFunctions: crossTenantFunctionsOf(functions, tenantTables) };
  } finally {
    await db.end({ timeout: 5 });
  }
}

/**
 * embedded-postgres registers async-exit-hook as soon as it is imported, and that hook answers
 * `beforeExit` with process.exit(0): vitest's exit code 1 after failed tests was replaced by 0, so
 * a failing run looked green to `npm test` and CI. Its `exit` hook goes too (run there, the
 * library's shutdown throws, which turns a green run red). The server started here is stopped in
 * the teardown; the library's signal hooks stay.
 */
function keepExitCode(): void {
  const fromLibrary = createRequire(createRequire(import.meta.url).resolve("embedded-postgres"));
  const exitHook = fromLibrary("async-exit-hook") as { unhookEvent: (event: string) => void };
  exitHook.unhookEvent("beforeExit");
  exitHook.unhookEvent("exit");
}
