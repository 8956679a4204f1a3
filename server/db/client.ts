import "server-only";
import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import { appendFileSync } from "node:fs";
import postgres from "postgres";
import { env } from "../env";
import { activeTracer } from "../observability/tracing";
import * as schema from "./schema";
import { countPoolUsage } from "./pool-usage";
import { traceStatements } from "./trace-statements";

export type Database = PostgresJsDatabase<typeof schema>;
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];

type Client = { sql: postgres.Sql; db: Database };

// Shared through globalThis: Next bundles proxy.ts and the app separately, and dev reloads
// modules; one pool per process either way. Created lazily so `next build` needs no database.
const globalForDb = globalThis as unknown as { __atriumDb?: Client };

export function getClient(): Client {
  if (!globalForDb.__atriumDb) {
    const url = env.DATABASE_URL;
    if (!url) {
      throw new Error(
        "DATABASE_URL is not set. Start the portal with `npm run dev` (embedded PostgreSQL) or set DATABASE_URL to the runtime role.",
      );
    }
    const options = { ...poolOptions(), ...statementLog() };
    const pool = countPoolUsage(openPool(url, options), options.max ?? 10);
    const tracer = activeTracer();
    const sql = tracer ? traceStatements(pool, tracer) : pool;
    globalForDb.__atriumDb = { sql, db: drizzle(sql, { schema }) };
  }
  return globalForDb.__atriumDb;
}

type Scoped = { unsafe: postgres.Sql["unsafe"]; begin?: (...args: unknown[]) => unknown; savepoint?: (...args: unknown[]) => unknown };

/** The process's postgres.js pool (before the counting and tracing wrappers); exported for the PgBouncer test. */
export function openPool(url: string, options: postgres.Options<Record<string, postgres.PostgresType>>): postgres.Sql {
  const pool = postgres(url, options);
  return options.prepare ? preparedByDefault(pool) : oneStatementAtATime(pool);
}

/**
 * Behind PgBouncer (no prepared statements): a statement outside a transaction keeps its
 * connection to itself until it has answered. postgres.js otherwise sends the next statement on a
 * connection whose statement is still running (pipelining), and an unprepared statement with
 * parameters goes out as Parse/Describe/Flush, waiting for the description before it binds. Sent
 * behind another statement, PgBouncer (1.18, Debian 12) hands the server connection back to its
 * pool when the first statement ends and never relays that description: the statement waits for
 * ever while PostgreSQL sits idle (test/cluster/pipelining.test.ts). postgres.js moves a
 * connection out of the pipelining rotation when a statement's `onexecute` answers false; `begin`
 * brings its own (it reserves the connection) and keeps it. Statements inside a transaction run
 * on their reserved connection, which PgBouncer keeps linked until COMMIT or ROLLBACK.
 */
function oneStatementAtATime(pool: postgres.Sql): postgres.Sql {
  const target = pool as unknown as Scoped;
  const unsafe = target.unsafe.bind(pool) as (text: string, params: unknown[], options: Record<string, unknown>) => unknown;
  const keepToItself = () => false;
  target.unsafe = ((text: string, params?: unknown[] | Record<string, unknown>, options?: Record<string, unknown>) => {
    // postgres.js also takes `unsafe(text, options)`.
    const [values, given] = Array.isArray(params) || params === undefined ? [params ?? [], options] : [[], params];
    return unsafe(text, values, { ...given, onexecute: given?.onexecute ?? keepToItself });
  }) as Scoped["unsafe"];
  return pool;
}

/**
 * drizzle runs every statement through `sql.unsafe(text, params, { prepare: false })` unless the
 * query is given a name, so `prepare: true` below would never apply: every statement would be
 * parsed and planned again, after an extra round trip to learn its parameter types. Here every
 * parameterised statement is prepared once per connection (postgres.js keys them by text and
 * parameter types, forgets them when the connection is replaced, at the latest after
 * DATABASE_MAX_LIFETIME_MS, and prepares again after "cached plan must not change result type"),
 * in transactions and savepoints too.
 */
function preparedByDefault<T extends object>(scoped: T): T {
  const target = scoped as unknown as Scoped;
  const unsafe = target.unsafe.bind(scoped);
  target.unsafe = ((text: string, params?: never[], options?: Record<string, unknown>) => unsafe(text, params, { ...options, prepare: true })) as Scoped["unsafe"];
  for (const method of ["begin", "savepoint"] as const) {
    const original = target[method]?.bind(scoped);
    if (!original) continue;
    // The callback (always the last argument) gets the transaction's own client: prepare there too.
    target[method] = (...args: unknown[]) => {
      const callback = args.pop() as (inner: object) => unknown;
      return original(...args, (inner: object) => callback(preparedByDefault(inner)));
    };
  }
  return scoped;
}

const seconds = (ms: number) => (ms > 0 ? ms / 1000 : 0);

/**
 * Bounded waits everywhere, so a database outage turns into fast 503s instead of hung requests:
 * the connect timeout caps a connection attempt, statement_timeout caps each statement on the
 * server, and the reconnect backoff is capped at 1 s (postgres.js grows it to 20 s by default,
 * which would keep requests waiting long after the database is back). Exported for the PgBouncer test.
 */
export function poolOptions(pgbouncer = env.DATABASE_PGBOUNCER): postgres.Options<Record<string, postgres.PostgresType>> {
  const statementTimeout = pgbouncer ? 0 : env.DATABASE_STATEMENT_TIMEOUT_MS;
  return {
    max: env.DATABASE_POOL_MAX,
    // Behind PgBouncer, also one statement at a time per connection: openPool().
    prepare: !pgbouncer,
    onnotice: () => {},
    connect_timeout: seconds(env.DATABASE_CONNECT_TIMEOUT_MS),
    idle_timeout: seconds(env.DATABASE_IDLE_TIMEOUT_MS),
    max_lifetime: seconds(env.DATABASE_MAX_LIFETIME_MS),
    backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 1) * (0.5 + Math.random() / 2),
    connection: { application_name: "atrium", ...(statementTimeout > 0 ? { statement_timeout: statementTimeout } : {}) },
  };
}

/**
 * With ATRIUM_SQL_LOG=path, every statement this process sends is appended to that file, one line
 * each (process and connection id, then the SQL): how tests count the statements and transactions
 * a page costs, and check that each names its tenant (test/tenant-scope.ts). Several processes may
 * share one file, hence the process id. Off by default (it also makes postgres.js keep call stacks).
 */
function statementLog(): Pick<postgres.Options<Record<string, postgres.PostgresType>>, "debug"> {
  const file = env.ATRIUM_SQL_LOG;
  if (!file) return {};
  return { debug: (connection, query) => appendFileSync(file, `${process.pid}:${connection}\t${query.replace(/\s+/g, " ").trim()}\n`) };
}

export function getDb(): Database {
  return getClient().db;
}

export async function closeDb(): Promise<void> {
  const client = globalForDb.__atriumDb;
  globalForDb.__atriumDb = undefined;
  await client?.sql.end({ timeout: 5 });
}
