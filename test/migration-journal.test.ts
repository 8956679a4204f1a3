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
});
