import postgres from "postgres";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import path from "node:path";
import { provisionJobQueue } from "../jobs/provision-job-queue";

// Used by the launcher, scripts and the test harness (never by the running app).

export const OWNER_ROLE = "atrium_owner";
export const APP_ROLE = "atrium_app";

export type RolePasswords = { owner: string; app: string };

function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** Creates (or updates) the two roles. Roles are cluster-wide, hence IF NOT EXISTS. */
export async function ensureRoles(admin: postgres.Sql, passwords: RolePasswords): Promise<void> {
  for (const [role, password, extra] of [
    [OWNER_ROLE, passwords.owner, "NOSUPERUSER NOBYPASSRLS NOCREATEROLE"],
    [APP_ROLE, passwords.app, "NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOCREATEDB NOINHERIT"],
  ] as const) {
    const exists = await admin`select 1 from pg_roles where rolname = ${role}`;
    const verb = exists.length ? "ALTER" : "CREATE";
    await admin.unsafe(`${verb} ROLE ${role} LOGIN ${extra} PASSWORD ${quoteLiteral(password)}`);
  }
  // The app sets statement_timeout when it connects; through PgBouncer it cannot (startup
  // parameters are refused there), so the role carries the same bound as its default.
  await admin.unsafe(`ALTER ROLE ${APP_ROLE} SET statement_timeout = '15s'`);
}

export async function databaseExists(admin: postgres.Sql, name: string): Promise<boolean> {
  const rows = await admin`select 1 from pg_database where datname = ${name}`;
  return rows.length > 0;
}

export async function createDatabase(
  admin: postgres.Sql,
  name: string,
  options: { template?: string } = {},
): Promise<void> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`unsafe database name: ${name}`);
  const template = options.template ? ` TEMPLATE ${options.template}` : "";
  await admin.unsafe(`CREATE DATABASE ${name} OWNER ${OWNER_ROLE}${template}`);
  // Only the two Atrium roles may connect (besides superusers).
  await admin.unsafe(`REVOKE CONNECT ON DATABASE ${name} FROM PUBLIC`);
  await admin.unsafe(`GRANT CONNECT ON DATABASE ${name} TO ${APP_ROLE}`);
}

/** Session advisory lock held for a whole migration run (advisory locks are per database). */
export const MIGRATION_LOCK_KEY = 7_140_418_513;

/**
 * Applies drizzle/ as the owner role, one run at a time: a second run (another release step, a
 * test harness) waits for the lock, then finds nothing left to do. Everything a migration run
 * installs belongs inside the lock. The owner URL must reach PostgreSQL directly (a session lock
 * means nothing through a transaction-mode pooler).
 */
export async function migrateDatabase(ownerUrl: string, options: { log?: (message: string) => void } = {}): Promise<void> {
  // Two connections: one holds the lock for the whole run, the other runs the migrations.
  const sql = postgres(ownerUrl, { max: 2, onnotice: () => {} });
  const lock = await sql.reserve();
  try {
    const [before] = await lock<{ pid: number }[]>`select pg_backend_pid() as pid`;
    const [free] = await lock<{ locked: boolean }[]>`select pg_try_advisory_lock(${MIGRATION_LOCK_KEY}::bigint) as locked`;
    if (!free!.locked) {
      options.log?.("another migration run holds the lock; waiting for it to finish");
      // Bounded: a lock left behind on a pooled server connection (see below) must not hang a release.
      await lock`set lock_timeout = '15min'`;
      await lock`select pg_advisory_lock(${MIGRATION_LOCK_KEY}::bigint)`;
    }
    try {
      await migrate(drizzle(sql), { migrationsFolder: path.resolve(process.cwd(), "drizzle") });
      // The job queue's schema, queues and grants too: concurrent runs would deadlock on them.
      await provisionJobQueue(ownerUrl, { runtimeRole: APP_ROLE });
    } finally {
      // Closing the session releases it too, so a failed unlock is no reason to hide the run's own error.
      await lock`select pg_advisory_unlock(${MIGRATION_LOCK_KEY}::bigint)`.catch(() => {});
    }
    const [after] = await lock<{ pid: number }[]>`select pg_backend_pid() as pid`;
    if (after!.pid !== before!.pid) {
      throw new Error(
        "DATABASE_OWNER_URL must reach PostgreSQL directly, not through a transaction-mode pooler such as PgBouncer: the migration lock is held by a database session.",
      );
    }
  } finally {
    lock.release();
    await sql.end({ timeout: 5 });
  }
}

/** Replaces user and password (and database) in a connection URL. */
export function urlFor(base: string, user: string, password: string, database?: string): string {
  const url = new URL(base);
  url.username = user;
  url.password = password;
  if (database) url.pathname = `/${database}`;
  return url.toString();
}
