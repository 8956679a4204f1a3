import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { freePort } from "../scripts/lib/free-port";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { startEmbeddedPostgres, type EmbeddedServer } from "../scripts/lib/embedded-postgres";
import { APP_ROLE, createDatabase, ensureRoles, migrateDatabase, OWNER_ROLE, urlFor } from "../server/db/provision";
import { TEST_PASSWORDS } from "./passwords";

export type DedicatedDatabase = {
  server: EmbeddedServer;
  /** Runtime role URL (what the app connects with). */
  appUrl: string;
  /** Superuser URL of the same database (for checks the app role cannot make). */
  adminUrl: string;
  remove: () => Promise<void>;
};


/**
 * A PostgreSQL server of its own, for tests that stop and restart the database: the shared test
 * server (and the machine's PostgreSQL on 5432) are never touched. Migrated, with the two roles.
 */
export async function startDedicatedDatabase(): Promise<DedicatedDatabase> {
  // Not mkdtemp: its 0700 directory would be closed to the `postgres` user the server runs as under root.
  const dataDir = path.join(tmpdir(), `atrium-dedicated-pg-${process.pid}-${randomBytes(4).toString("hex")}`);
  // Durable: with synchronous_commit off (the shared test server's setting) an immediate shutdown
  // loses commits that were already acknowledged, which is exactly what these tests look for.
  const server = await startEmbeddedPostgres({ dataDir, port: await freePort(), durable: true });
  const admin = postgres(server.adminUrl, { max: 1, onnotice: () => {} });
  try {
    await ensureRoles(admin, TEST_PASSWORDS);
    await createDatabase(admin, "atrium");
  } finally {
    await admin.end({ timeout: 5 });
  }
  await migrateDatabase(urlFor(server.adminUrl, OWNER_ROLE, TEST_PASSWORDS.owner, "atrium"));
  const superuser = new URL(server.adminUrl);
  return {
    server,
    appUrl: urlFor(server.adminUrl, APP_ROLE, TEST_PASSWORDS.app, "atrium"),
    adminUrl: urlFor(server.adminUrl, superuser.username, decodeURIComponent(superuser.password), "atrium"),
    remove: async () => {
      await server.stop("immediate");
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
