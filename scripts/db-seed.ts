// `npm run db:seed`: demo tenants and users (only into an empty database).
import path from "node:path";
import { provisionDatabase } from "./lib/database";
import type { EmbeddedServer } from "./lib/embedded-postgres";

async function main() {
  let pg: EmbeddedServer | undefined;
  if (!process.env.DATABASE_URL) {
    // Loaded only here: the tools image leaves out the embedded PostgreSQL binaries.
    const { startEmbeddedPostgres } = await import("./lib/embedded-postgres");
    const dataDir = path.resolve(process.env.ATRIUM_DATA_DIR ?? ".data");
    pg = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "pg"), port: Number(process.env.ATRIUM_PG_PORT ?? 54329) });
    process.env.DATABASE_URL = (await provisionDatabase(pg.adminUrl, "atrium")).appUrl;
  }
  const { seedDemo } = await import("../server/seed/seed-demo");
  const { closeDb } = await import("../server/db/client");
  try {
    const signIns = await seedDemo();
    if (!signIns) process.stdout.write("[atrium] database already has users; nothing seeded\n");
    else for (const s of signIns) process.stdout.write(`[atrium] ${s.email} / ${s.password} (${s.role}, ${s.workspace})\n`);
  } finally {
    await closeDb();
    await pg?.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`[atrium] seeding failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
