import type postgres from "postgres";
import journal from "../../drizzle/meta/_journal.json";

// The migrations this build was made with (the journal is bundled into the build, so the check
// needs no drizzle/ folder beside the standalone server). Instances never migrate: applying
// migrations is the release step (`npm run db:migrate`), serialised by an advisory lock.

export type Migration = { tag: string; when: number };
export type PendingMigrations = { tags: string[]; atLeast: boolean };

const BUILT_WITH: Migration[] = journal.entries.map(({ tag, when }) => ({ tag, when }));
// The migration that lets the runtime role read drizzle's bookkeeping: before it, the table is unreadable.
const READABLE_FROM = "_schema_version_grant";

/**
 * Migrations of this build the database lacks, by drizzle's own rule (it applies every journal
 * entry newer than the newest one recorded). A database ahead of the build (migrated for the next
 * release while this one still serves) has none pending.
 */
export async function findPendingMigrations(sql: postgres.Sql, expected: Migration[] = BUILT_WITH): Promise<PendingMigrations> {
  try {
    // Through `unsafe`, like every statement of the app, so the pool's rules for PgBouncer apply (client.ts).
    const [row] = await sql.unsafe<{ last: string | null }[]>("select max(created_at)::text as last from drizzle.__drizzle_migrations");
    const last = row?.last == null ? Number.NEGATIVE_INFINITY : Number(row.last);
    return { tags: expected.filter((m) => m.when > last).map((m) => m.tag), atLeast: false };
  } catch (error) {
    const code = (error as { code?: string }).code;
    // undefined_table / invalid_schema_name: never migrated.
    if (code === "42P01" || code === "3F000") return { tags: expected.map((m) => m.tag), atLeast: false };
    // insufficient_privilege: older than the migration that grants the read.
    if (code === "42501") {
      const from = expected.findIndex((m) => m.tag.endsWith(READABLE_FROM));
      return { tags: expected.slice(Math.max(from, 0)).map((m) => m.tag), atLeast: true };
    }
    throw error;
  }
}

export function describePendingMigrations(pending: PendingMigrations, processName = "Atrium"): string {
  const count = pending.tags.length === 1 ? "1 migration" : `${pending.tags.length} migrations`;
  return [
    `${processName} refuses to serve: the database schema is older than this build expects (${pending.atLeast ? "at least " : ""}${count} not applied):`,
    ...pending.tags.map((tag) => `  - ${tag}`),
    "Apply them with `npm run db:migrate` (as DATABASE_OWNER_URL; in Docker Compose the migrate service does it), then start again.",
    "Instances never migrate on their own, so that two of them cannot migrate at once.",
  ].join("\n");
}

/** Boot check for the web process and the worker: prints which migrations are missing and exits. */
export async function assertSchemaCurrent(sql: postgres.Sql, processName?: string): Promise<void> {
  const pending = await findPendingMigrations(sql);
  if (!pending.tags.length) return;
  process.stderr.write(describePendingMigrations(pending, processName) + "\n");
  process.exit(1);
}
