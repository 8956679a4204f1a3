import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes, randomUUID } from "node:crypto";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { afterAll, describe, expect, inject, it } from "vitest";
import { createDatabase, OWNER_ROLE, urlFor } from "../server/db/provision";
import { TEST_PASSWORDS } from "./passwords";

// Migrations run on databases that already hold workspaces, not only on empty ones (which is all
// the other tests see): a backfill written after FORCE ROW LEVEL SECURITY, say, passes on an empty
// database and fails the upgrade of every real one. This one migrates to the last release's
// schema, stores a paying workspace the way that release did, then applies everything since.

/** The last migration that shipped before the operator console (0028–0030). */
const RELEASED = 27;

const adminUrl = inject("adminUrl");
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
const made: string[] = [];
const dirs: string[] = [];

afterAll(async () => {
  for (const name of made) await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end({ timeout: 5 });
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A copy of drizzle/ whose journal stops at `lastIdx`. */
function migrationsUpTo(lastIdx: number): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "atrium-migrations-"));
  dirs.push(dir);
  cpSync(path.resolve("drizzle"), dir, { recursive: true });
  const journalPath = path.join(dir, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalPath, "utf8")) as { entries: { idx: number }[] };
  journal.entries = journal.entries.filter((e) => e.idx <= lastIdx);
  writeFileSync(journalPath, JSON.stringify(journal));
  return dir;
}

describe("upgrading a database that holds data", () => {
  it("applies every migration since the last release to a database with a paying workspace, and backfills from it", async () => {
    const name = `atrium_t_${inject("runId")}_up_${randomBytes(3).toString("hex")}`;
    await createDatabase(admin, name);
    made.push(name);
    const ownerUrl = urlFor(adminUrl, OWNER_ROLE, TEST_PASSWORDS.owner, name);
    const owner = postgres(ownerUrl, { max: 1, onnotice: () => {} });
    const superuser = postgres(urlFor(adminUrl, new URL(adminUrl).username, decodeURIComponent(new URL(adminUrl).password), name), { max: 1, onnotice: () => {} });
    try {
      await migrate(drizzle(owner), { migrationsFolder: migrationsUpTo(RELEASED) });
      const tenantId = randomUUID();
      await superuser`insert into tenants (id, slug, name, status, plan_id) values (${tenantId}, ${"up-" + randomBytes(3).toString("hex")}, 'Upgraded Inc.', 'active', 'pro')`;
      // An offline subscription renewing on the 31st (what drizzle/0054 backfills its anchor day from).
      await superuser`insert into subscriptions (tenant_id, provider, customer_id, subscription_id, status, plan_id, interval, current_period_end)
        values (${tenantId}, 'local', 'cus_up', 'sub_up', 'active', 'pro', 'month', '2027-01-31T09:00:00Z')`;
      // When that subscription started, as the release recorded it (drizzle/0030 dates MRR from it).
      await superuser`insert into provider_subscriptions (tenant_id, subscription_id, provider, customer_id, status, plan_id, interval, started_at)
        values (${tenantId}, 'sub_up', 'local', 'cus_up', 'active', 'pro', 'month', '2025-06-15T00:00:00Z')`;

      await migrate(drizzle(owner), { migrationsFolder: path.resolve("drizzle") });

      const [applied] = await superuser<{ n: number }[]>`select count(*)::int as n from drizzle.__drizzle_migrations`;
      const journal = JSON.parse(readFileSync(path.resolve("drizzle/meta/_journal.json"), "utf8")) as { entries: unknown[] };
      expect(applied!.n).toBe(journal.entries.length);
      // What the new migrations derive from existing rows: the workspace's MRR and its timeline's first entry.
      expect(await superuser`select kind, to_cents::int as cents, cause, occurred_at from mrr_movements where tenant_id = ${tenantId}`).toEqual([
        { kind: "new", cents: 9_900, cause: "backfill", occurred_at: new Date("2025-06-15T00:00:00Z") },
      ]);
      expect((await superuser`select to_status from tenant_status_changes where tenant_id = ${tenantId}`).map((r) => r.to_status)).toEqual(["active"]);
      // Backfills that UPDATE run as the owner role too: under FORCE ROW LEVEL SECURITY it may only
      // read, so an UPDATE there changes nothing without saying so (drizzle/0056 redoes 0054's).
      expect(await superuser`select local_anchor_day from subscriptions where tenant_id = ${tenantId}`).toEqual([{ local_anchor_day: 31 }]);
    } finally {
      await owner.end({ timeout: 5 });
      await superuser.end({ timeout: 5 });
    }
  });
});
