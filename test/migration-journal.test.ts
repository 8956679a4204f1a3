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
  it("writes rows only to tables the owner role can write: never under FORCE ROW LEVEL SECURITY", () => {
    // Migrations run as the owner role, whose policies on tenant tables are FOR SELECT only. Under
    // FORCE ROW LEVEL SECURITY its UPDATE and DELETE see no rows (a backfill that silently does
    // nothing) and its INSERT is refused. Backfill before FORCE, or lift it around the statement.
    // Shipped before this check: 0015's and 0054's UPDATEs did nothing (0054's is redone in 0056);
    // 0016's INSERT fails an upgrade from before it (upgrades start after 0027, migrate-upgrade.test.ts).
    const shipped = new Set(["0015_domains_exports_rls_functions", "0016_billing_current_subscription", "0054_plan_hold_and_anchor_backfill"]);
    const forced = new Set<string>();
    const offending: string[] = [];
    for (const { tag } of entries) {
      for (const raw of readFileSync(path.join(dir, `${tag}.sql`), "utf8").split("--> statement-breakpoint")) {
        const statement = raw.replace(/^\s*(--[^\n]*\n\s*)*/, "").trim();
        const force = /^ALTER TABLE "?(\w+)"? (NO )?FORCE ROW LEVEL SECURITY/i.exec(statement);
        if (force) {
          if (force[2]) forced.delete(force[1]!);
          else forced.add(force[1]!);
          continue;
        }
        const write = /^(?:UPDATE|DELETE FROM|INSERT INTO) "?(\w+)"?/i.exec(statement);
        if (write && forced.has(write[1]!) && !shipped.has(tag)) offending.push(`${tag}: ${statement.slice(0, 60)}`);
      }
    }
    expect(offending).toEqual([]);
  });
});
