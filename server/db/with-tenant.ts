import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import type postgres from "postgres";
import { getDb, type Transaction } from "./client";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Runs `fn` in a transaction scoped to one tenant. `set_config(..., true)` is local to the
 * transaction, so a pooled connection never carries the setting into the next one, and
 * row-level security only shows this tenant's rows.
 */
export async function withTenant<T>(tenantId: string, fn: (tx: Transaction) => Promise<T>): Promise<T> {
  if (!UUID.test(tenantId)) throw new Error("withTenant: tenantId must be a UUID");
  const shared = sharedScope.getStore();
  if (shared?.open && shared.tenantId === tenantId) {
    // Tracked, so the shared transaction ends only after every joined piece of work has.
    // Promise.resolve: drizzle's query builders are lazy thenables that run again on every then().
    const joined = Promise.resolve(fn(shared.tx));
    shared.pending.add(joined);
    const forget = () => void shared.pending.delete(joined);
    joined.then(forget, forget);
    return joined;
  }
  return openTenantTransaction(tenantId, fn);
}

/**
 * Whether this code runs inside a shared read transaction (readTogether). Such code holds a
 * pooled connection, so it must not wait for work that needs another connection to finish (a
 * load shared with other requests, say): with every connection held by waiters, none is left.
 */
export function inSharedTransaction(): boolean {
  return sharedScope.getStore()?.open === true;
}

/**
 * Runs `fn` in a transaction of its own, never joined to a shared one, in which every statement
 * may run for at most `ms` milliseconds (PostgreSQL cancels it after that: SQLSTATE 57014, see
 * isStatementTimeout). For reads whose cost the visitor chooses, such as a text search: they get
 * a budget of their own, and running out of it aborts only this transaction, not the page's.
 */
export function withTenantTimeLimit<T>(tenantId: string, ms: number, fn: (tx: Transaction) => Promise<T>): Promise<T> {
  if (!UUID.test(tenantId)) throw new Error("withTenantTimeLimit: tenantId must be a UUID");
  if (!Number.isInteger(ms) || ms < 1) throw new Error("withTenantTimeLimit: ms must be a positive integer");
  return openTenantTransaction(tenantId, async (tx) => {
    // Local to the transaction (true): the pooled connection goes back with the server's limit.
    await clientOf(tx).unsafe("select set_config('statement_timeout', $1, true)", [`${ms}ms`]);
    return fn(tx);
  });
}

async function openTenantTransaction<T>(tenantId: string, fn: (tx: Transaction) => Promise<T>): Promise<T> {
  const committed: (() => void)[] = [];
  const result = await getDb().transaction(async (tx) => {
    afterCommitQueues.set(tx, committed);
    // Not waited for on its own: the work's first statements go out behind it (one write, one
    // round trip less per transaction). It is handed to the transaction's connection before `fn`
    // starts (postgres.js queues a statement one microtask after execute(), and every later
    // statement takes at least as long), and a connection runs its statements in order, so
    // row-level security sees the setting. Should it fail, the transaction is aborted and its
    // error, not the "transaction is aborted" of the statements after it, is the one thrown.
    const scoped = clientOf(tx).unsafe("select set_config('app.tenant_id', $1, true)", [tenantId]).execute();
    scoped.catch(() => {}); // observed below, whichever way fn ends
    let value: T;
    try {
      value = await fn(tx);
    } catch (error) {
      await scoped;
      throw error;
    }
    await scoped;
    return value;
  });
  for (const callback of committed) callback();
  return result;
}

/** The postgres.js client under a drizzle transaction (drizzle keeps it as `session.client`). */
function clientOf(tx: Transaction): Pick<postgres.Sql, "unsafe"> {
  const client = (tx as unknown as { session?: { client?: Pick<postgres.Sql, "unsafe"> } }).session?.client;
  if (!client) throw new Error("withTenant: the transaction has no postgres.js client");
  return client;
}

type SharedScope = { tenantId: string; tx: Transaction; open: boolean; pending: Set<Promise<unknown>> };
const sharedScope = new AsyncLocalStorage<SharedScope>();

/**
 * Reads that belong together (a page's data, a tRPC query with its membership check) run in one
 * transaction: every `withTenant` for the same tenant called inside `fn`, however deeply and in
 * parallel, joins it instead of opening its own. That is one BEGIN, one set_config and one COMMIT
 * per request instead of one each per helper, and one consistent snapshot.
 *
 * Only for reads: a joined helper's error aborts the shared transaction, and nothing inside may
 * need its own commit. Joined work still running when `fn` settles is waited for before the
 * transaction ends; work that starts later opens its own transaction, since the scope is closed
 * by then. A nested call for the same tenant simply joins; one for another tenant opens its own
 * transaction as usual.
 */
export async function readTogether<T>(tenantId: string, fn: () => Promise<T>): Promise<T> {
  const current = sharedScope.getStore();
  if (current?.open && current.tenantId === tenantId) return fn();
  return openTenantTransaction(tenantId, async (tx) => {
    const scope: SharedScope = { tenantId, tx, open: true, pending: new Set() };
    try {
      return await sharedScope.run(scope, fn);
    } finally {
      // Work that joined and is still running (a Promise.all that failed fast, fire-and-forget)
      // finishes on this transaction before it commits or rolls back: never on a connection
      // that has gone back to the pool and into another request's transaction.
      while (scope.pending.size) await Promise.allSettled([...scope.pending]);
      scope.open = false;
    }
  });
}

const afterCommitQueues = new WeakMap<Transaction, (() => void)[]>();

/**
 * Runs `callback` once the transaction has committed (never if it rolls back). For what must not
 * happen earlier, such as dropping a cached value that a concurrent request could otherwise read
 * again from the not-yet-committed database and cache anew.
 */
export function afterCommit(tx: Transaction, callback: () => void): void {
  if (!deferUntilCommit(tx, callback)) callback();
}

/**
 * Queues `callback` for after the commit of a transaction opened by withTenant / withoutTenant and
 * returns true; returns false (and does not run it) for any other transaction.
 */
export function deferUntilCommit(tx: Transaction, callback: () => void): boolean {
  const queue = afterCommitQueues.get(tx);
  if (queue) queue.push(callback);
  return queue !== undefined;
}

/** A transaction with no tenant: tenant-owned tables show no rows. For global tables (users). */
export async function withoutTenant<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
  const committed: (() => void)[] = [];
  const result = await getDb().transaction((tx) => {
    afterCommitQueues.set(tx, committed);
    return fn(tx);
  });
  for (const callback of committed) callback();
  return result;
}
