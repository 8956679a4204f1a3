import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { randomBytes } from "node:crypto";
import { afterAll, expect, inject } from "vitest";
import { APP_ROLE, createDatabase, OWNER_ROLE, urlFor } from "../server/db/provision";
import { TEST_PASSWORDS } from "./passwords";
import { auditStatementLog } from "./tenant-scope-audit";

// Every test file gets its own database, cloned from the migrated template in well under a second.
const adminUrl = inject("adminUrl");
const database = `atrium_t_${inject("runId")}_${randomBytes(4).toString("hex")}`;
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
await createDatabase(admin, database, { template: inject("templateDb") });

process.env.DATABASE_URL = urlFor(adminUrl, APP_ROLE, TEST_PASSWORDS.app, database);
process.env.TEST_OWNER_URL = urlFor(adminUrl, OWNER_ROLE, TEST_PASSWORDS.owner, database);
process.env.TEST_ADMIN_URL = urlFor(adminUrl, new URL(adminUrl).username, decodeURIComponent(new URL(adminUrl).password), database);
process.env.TENANT_CACHE_TTL_MS ??= "0";
// Every statement the app sends from this file is logged and checked afterwards (test/tenant-scope-audit.ts).
const sqlLog = path.join(inject("sqlLogDir"), `${database}.log`);
process.env.ATRIUM_SQL_LOG = sqlLog;
process.env.LOG_LEVEL ??= "error";
// Uploaded files of this test file go to its own temporary directory.
const storageDir = mkdtempSync(path.join(tmpdir(), "atrium-storage-"));
process.env.STORAGE_DIR = storageDir;

afterAll(async () => {
  // Nothing may start a query while the pool closes (the API-call counter flushes on a timer).
  const { stopApiCallCounter } = await import("../server/usage/api-call-counter");
  const { settleLastUsedWrites } = await import("../server/api-keys/authenticate-api-key");
  await settleLastUsedWrites();
  await stopApiCallCounter();
  const { closeDb } = await import("../server/db/client");
  await closeDb();
  try {
    auditStatementLog({
      logFile: sqlLog,
      testFile: path.relative(process.cwd(), expect.getState().testPath ?? database),
      tenantTables: inject("tenantTables"),
      crossTenantFunctions: inject("crossTenantFunctions"),
    });
  } finally {
    await admin.unsafe(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end({ timeout: 5 });
    rmSync(storageDir, { recursive: true, force: true });
  }
});
