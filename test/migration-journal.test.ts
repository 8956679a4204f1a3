import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// drizzle's migrator applies only migrations dated after the last one a database has; a migration
// merged with an earlier date than the one before it would be skipped on every existing database.
describe("the migration journal", () => {
  const dir = path.join(import.meta.dirname, "..", "drizzle");
  const { entries } = JSON.parse(readFileSync(path.join(dir, "meta", "_journal.json"), "utf8")) as { entries: { idx: number; when: number; tag: string }[] };

  it("numbers the migrations 0, 1, 2 … and dates each after the one before", () => {
    entries.forEach((entry, i) => {
      expect(entry.idx, entry.tag).toBe(i);
      expect(entry.tag.startsWith(String(i).padStart(4, "0") + "_"), entry.tag).toBe(true);
      if (i > 0) expect(entry.when, `${entry.tag} is dated before ${entries[i - 1]!.tag}`).toBeGreaterThan(entries[i - 1]!.when);
    });
  });

  it("has one SQL file per entry and no file without an entry", () => {
    const files = readdirSync(dir).filter((f) => f.endsWith(".sql")).sort();
    expect(files).toEqual(entries.map((e) => `${e.tag}.sql`));
  });
  it("never reads or writes rows of a table under FORCE ROW LEVEL SECURITY that the owner role cannot", () => {
    // Migrations run as the owner role, whose policies on tenant tables are FOR SELECT at most.
    // Under FORCE ROW LEVEL SECURITY its UPDATE and DELETE see no rows (a backfill that silently
    // does nothing), its INSERT is refused, and where it has no SELECT policy a read finds nothing.
    // Backfill before FORCE, or lift it around the statement (drizzle/0056, 0057).
    // Shipped before this check: 0015's and 0054's UPDATEs did nothing (0054 redone in 0056),
    // 0016's INSERT fails an upgrade from before it (upgrades start after 0027, see
    // migrate-upgrade.test.ts), and 0030's read of provider_subscriptions found nothing (0057).
    const shipped = new Set(["0015_domains_exports_rls_functions", "0016_billing_current_subscription", "0030_mrr_movements", "0054_plan_hold_and_anchor_backfill"]);
    const table = String.raw`(?:only\s+)?(?:"?public"?\.)?"?(\w+)"?`;
    const forced = new Set<string>();
    const ownerReads = new Set<string>();
    const offending: string[] = [];
    for (const { tag } of entries) {
      for (const raw of readFileSync(path.join(dir, `${tag}.sql`), "utf8").split("--> statement-breakpoint")) {
        const statement = raw.replace(/\/\*[\s\S]*?\*\//g, " ").replace(/--[^\n]*/g, " ").replace(/\s+/g, " ").trim().toLowerCase();
        // Function bodies run later, as their caller: only what runs now counts.
        if (/^create (or replace )?(function|procedure)\b/.test(statement)) continue;
        const policy = new RegExp(String.raw`^create policy "[^"]+" on ${table} .*\bfor (select|all) to "?atrium_owner"?`).exec(statement);
        if (policy) ownerReads.add(policy[1]!);
        const force = new RegExp(String.raw`^alter table (?:if exists )?${table} (no )?force row level security`).exec(statement);
        if (force) {
          if (force[2]) forced.delete(force[1]!);
          else forced.add(force[1]!);
          continue;
        }
        if (shipped.has(tag)) continue;
        for (const write of statement.matchAll(new RegExp(String.raw`\b(?:update|delete from|insert into|merge into) ${table}`, "g"))) {
          if (forced.has(write[1]!)) offending.push(`${tag} writes ${write[1]}: ${statement.slice(0, 60)}`);
        }
        for (const read of statement.matchAll(new RegExp(String.raw`\b(?:from|join) ${table}`, "g"))) {
          if (forced.has(read[1]!) && !ownerReads.has(read[1]!)) offending.push(`${tag} reads ${read[1]}: ${statement.slice(0, 60)}`);
        }
      }
    }
    expect(offending).toEqual([]);
  });
});
