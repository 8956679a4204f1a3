import "server-only";
import { sql } from "drizzle-orm";
import { getDb, type Transaction } from "./client";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Runs `fn` in a transaction scoped to one tenant. `set_config(..., true)` is local to the
 * transaction, so a pooled connection never carries the setting into the next one, and
 * row-level security only shows this tenant's rows.
 */
export async function withTenant<T>(tenantId: string, fn: (tx: Transaction) => Promise<T>): Promise<T> {
  if (!UUID.test(tenantId)) throw new Error("withTenant: tenantId must be a UUID");
  return getDb().transaction(async (tx) => {
    await tx.execute(sql`select set_config('app.tenant_id', ${tenantId}, true)`);
    return fn(tx);
  });
}

/** A transaction with no tenant: tenant-owned tables show no rows. For global tables (users). */
export async function withoutTenant<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
  return getDb().transaction(fn);
}
