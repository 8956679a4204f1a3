import postgres from "postgres";
import os from "node:os";
import path from "node:path";
import { rmSync } from "node:fs";
import type { TestProject } from "vitest/node";
import { createDatabase, ensureRoles, migrateDatabase, OWNER_ROLE, urlFor } from "../server/db/provision";
import { startEmbeddedPostgres, type EmbeddedServer } from "../scripts/lib/embedded-postgres";
import { TEST_PASSWORDS } from "./passwords";

declare module "vitest" {
  export interface ProvidedContext {
    adminUrl: string;
    templateDb: string;
    runId: string;
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

  project.provide("adminUrl", adminUrl);
  project.provide("templateDb", templateDb);
  project.provide("runId", runId);

  return async () => {
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

