import "server-only";
import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { env } from "../env";
import * as schema from "./schema";

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
    const sql = postgres(url, { max: env.DATABASE_POOL_MAX, onnotice: () => {}, prepare: true });
    globalForDb.__atriumDb = { sql, db: drizzle(sql, { schema }) };
  }
  return globalForDb.__atriumDb;
}

export function getDb(): Database {
  return getClient().db;
}

export async function closeDb(): Promise<void> {
  const client = globalForDb.__atriumDb;
  globalForDb.__atriumDb = undefined;
  await client?.sql.end({ timeout: 5 });
}
