import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import journal from "../../drizzle/meta/_journal.json";
import { describePendingMigrations, findPendingMigrations } from "./schema-version";

// As the runtime role (DATABASE_URL), on this test file's own migrated database.
const app = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
const owner = postgres(process.env.TEST_OWNER_URL!, { max: 1, onnotice: () => {} });
afterAll(async () => {
  await app.end({ timeout: 5 });
  await owner.end({ timeout: 5 });
});

const tags = journal.entries.map((e) => e.tag);
const last = journal.entries.at(-1)!;

describe("schema version check", () => {
  it("finds nothing pending on a database migrated by this build", async () => {
    expect(await findPendingMigrations(app)).toEqual({ tags: [], atLeast: false });
  });

  it("names a migration the build has and the database lacks", async () => {
    const next = { tag: "9999_next_release", when: last.when + 1 };
    const pending = await findPendingMigrations(app, [...journal.entries, next]);
    expect(pending).toEqual({ tags: ["9999_next_release"], atLeast: false });
    const message = describePendingMigrations(pending);
    expect(message).toContain("1 migration not applied");
    expect(message).toContain("  - 9999_next_release");
    expect(message).toContain("npm run db:migrate");
  });

  it("accepts a database ahead of the build (migrated for the next release)", async () => {
    expect(await findPendingMigrations(app, journal.entries.slice(0, -3))).toEqual({ tags: [], atLeast: false });
  });

  it("sees a database whose newest migration is missing, and one the runtime role cannot read yet", async () => {
    // Drop the newest row as the owner, check as the runtime role, put it back.
    const [row] = await owner`delete from drizzle.__drizzle_migrations where created_at = ${last.when} returning id, hash, created_at`;
    try {
      expect((await findPendingMigrations(app)).tags).toEqual([last.tag]);
    } finally {
      await owner`insert into drizzle.__drizzle_migrations (id, hash, created_at) values (${row!.id}, ${row!.hash}, ${row!.created_at})`;
    }
    await owner`revoke select on drizzle.__drizzle_migrations from atrium_app`;
    try {
      const pending = await findPendingMigrations(app);
      const from = tags.findIndex((t) => t.endsWith("_schema_version_grant"));
      expect(pending).toEqual({ tags: tags.slice(from), atLeast: true });
      expect(describePendingMigrations(pending)).toContain("at least");
    } finally {
      await owner`grant select on drizzle.__drizzle_migrations to atrium_app`;
    }
    expect(await findPendingMigrations(app)).toEqual({ tags: [], atLeast: false });
  });
});
