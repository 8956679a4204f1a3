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
  const committed: (() => void)[] = [];
  const result = await getDb().transaction(async (tx) => {
    afterCommitQueues.set(tx, committed);
    await tx.execute(sql`select set_config('app.tenant_id', ${tenantId}, true)`);
    return fn(tx);
  });
  for (const callback of committed) callback();
  return result;
}

const afterCommitQueues = new WeakMap<Transaction, (() => void)[]>();

/**
 * Runs `callback` once the transaction has committed (never if it rolls back). For what must not
 * happen earlier, such as dropping a cached value that a concurrent request could otherwise read
 * again from the not-yet-committed database and cache anew.
 */
export function afterCommit(tx: Transaction, callback: () => void): void {
  const queue = afterCommitQueues.get(tx);
  if (queue) queue.push(callback);
  else callback();
}

/** A transaction with no tenant: tenant-owned tables show no rows. For global tables (users). */
export async function withoutTenant<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
  return getDb().transaction(fn);
}
