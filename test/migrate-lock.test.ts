import postgres from "postgres";
import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, inject, it } from "vitest";
import journal from "../drizzle/meta/_journal.json";
import { createDatabase, migrateDatabase, MIGRATION_LOCK_KEY, OWNER_ROLE, urlFor } from "../server/db/provision";
import { TEST_PASSWORDS } from "./passwords";

// `npm run db:migrate` is the release step; two of them at once (two deploy jobs, a retried one)
// must not both apply migrations. Against real PostgreSQL, on empty databases made here.

const adminUrl = inject("adminUrl");
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
const made: string[] = [];

async function emptyDatabase(): Promise<string> {
  const name = `atrium_t_${inject("runId")}_mig_${randomBytes(3).toString("hex")}`;
  await createDatabase(admin, name);
  made.push(name);
  return urlFor(adminUrl, OWNER_ROLE, TEST_PASSWORDS.owner, name);
}

async function appliedMigrations(ownerUrl: string): Promise<number> {
  const sql = postgres(ownerUrl, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ n: number }[]>`select count(*)::int as n from drizzle.__drizzle_migrations`;
    return row!.n;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

afterAll(async () => {
  for (const name of made) await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end({ timeout: 5 });
});

describe("migrateDatabase", () => {
  it("three concurrent runs on an empty database: the others wait, then find nothing to do", async () => {
    const ownerUrl = await emptyDatabase();
    const logs: string[][] = [[], [], []];
    // Three, not two: the job queue's setup (schema, queues, grants) deadlocked between concurrent
    // runs while it ran outside the lock.
    await Promise.all([0, 1, 2].map((i) => migrateDatabase(ownerUrl, { log: (m) => logs[i]!.push(m) })));
    expect(logs.flat()).toEqual(Array(2).fill("another migration run holds the lock; waiting for it to finish"));
    // Every migration recorded once: without the lock the second run fails on the first CREATE TABLE.
    expect(await appliedMigrations(ownerUrl)).toBe(journal.entries.length);
    await migrateDatabase(ownerUrl);
    expect(await appliedMigrations(ownerUrl)).toBe(journal.entries.length);
  });

  it("waits for whoever holds the lock", async () => {
    const ownerUrl = await emptyDatabase();
    const holder = postgres(ownerUrl, { max: 1, onnotice: () => {} });
    try {
      await holder`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
      let settled = false;
      const run = migrateDatabase(ownerUrl).finally(() => (settled = true));
      await new Promise((r) => setTimeout(r, 500));
      expect(settled).toBe(false);
      await holder`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
      await run;
      expect(await appliedMigrations(ownerUrl)).toBe(journal.entries.length);
    } finally {
      await holder.end({ timeout: 5 });
    }
  });
});
