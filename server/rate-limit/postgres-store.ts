import { sql } from "drizzle-orm";
import type { getDb } from "../db/client";
import type { RateLimitStore } from "./gcra";

type Executor = Pick<ReturnType<typeof getDb>, "execute">;
type Attempt = { allowed: boolean; tatMs: number; nowMs: number };
type Waiter = { key: string; emissionUs: number; periodUs: number; resolve: (attempt: Attempt) => void; reject: (error: unknown) => void };

/**
 * The PostgreSQL store (tests pass a database that cannot connect). Attempts are batched: while
 * one statement is running, the attempts that arrive wait and then go together in the next one
 * (`atrium_rate_limit_take`, drizzle/0018). Under load one round trip serves many requests;
 * alone, an attempt is sent at once. The outcome is exactly that of checking the waiting
 * requests one after another, in arrival order, at the instant the statement runs, and the
 * state stays in the shared table, so every instance still enforces one limit.
 */
export function postgresStoreOn(db: () => Executor): RateLimitStore {
  let queue: Waiter[] = [];
  let running = false;

  async function drain(): Promise<void> {
    running = true;
    try {
      while (queue.length) {
        const { groups, rest } = groupByKey(queue);
        queue = rest;
        await send(db, groups);
      }
    } finally {
      running = false;
    }
  }

  function take(keys: string[], emissionMs: number, periodMs: number): Promise<Attempt[]> {
    // Whole microseconds, the precision of the stored TAT (at least 1: a limit finer than that admits everything anyway).
    const emissionUs = Math.max(1, Math.round(emissionMs * 1000));
    const periodUs = Math.round(periodMs * 1000);
    const attempts = keys.map((key) => new Promise<Attempt>((resolve, reject) => queue.push({ key, emissionUs, periodUs, resolve, reject })));
    if (!running) void drain();
    return Promise.all(attempts);
  }

  return {
    name: "postgres",
    attempt: async (key, emissionMs, periodMs) => (await take([key], emissionMs, periodMs))[0]!,
    attemptMany: (keys, emissionMs, periodMs) => take(keys, emissionMs, periodMs),
    async peek(key, emissionMs, periodMs) {
      const rows = await db().execute<{ tat_ms: string | null; now_ms: string }>(sql`
        select (extract(epoch from (select tat from rate_limit_buckets where key = ${key})) * 1000)::bigint as tat_ms,
               (extract(epoch from clock_timestamp()) * 1000)::bigint as now_ms`);
      const nowMs = Number(rows[0]!.now_ms);
      const tatMs = Math.max(Number(rows[0]!.tat_ms ?? nowMs), nowMs);
      return { allowed: tatMs + emissionMs - nowMs <= periodMs, tatMs, nowMs };
    },
    async reset(key) {
      await db().execute(sql`delete from rate_limit_buckets where key = ${key}`);
    },
    async refund(key, emissionMs) {
      await db().execute(sql`update rate_limit_buckets set tat = tat - make_interval(secs => ${emissionMs / 1000}) where key = ${key}`);
    },
  };
}

type Group = { emissionUs: number; periodUs: number; waiters: Waiter[] };

/** One group per key, in arrival order; a key asked under a second policy waits for the next statement. */
function groupByKey(waiting: Waiter[]): { groups: Map<string, Group>; rest: Waiter[] } {
  const groups = new Map<string, Group>();
  const rest: Waiter[] = [];
  for (const waiter of waiting) {
    const group = groups.get(waiter.key);
    if (!group) groups.set(waiter.key, { emissionUs: waiter.emissionUs, periodUs: waiter.periodUs, waiters: [waiter] });
    else if (group.emissionUs === waiter.emissionUs && group.periodUs === waiter.periodUs && !rest.some((w) => w.key === waiter.key)) group.waiters.push(waiter);
    else rest.push(waiter);
  }
  return { groups, rest };
}

async function send(db: () => Executor, groups: Map<string, Group>): Promise<void> {
  // Sorted, so that concurrent statements (other instances) lock the rows in the same order.
  const keys = [...groups.keys()].sort();
  const list = keys.map((key) => groups.get(key)!);
  try {
    const rows = await db().execute<{ admitted: number; tat_us: string; now_us: string }>(sql`
      select admitted, tat_us, now_us from atrium_rate_limit_take(
        ${sql.param(keys)}::text[], ${sql.param(list.map((g) => g.waiters.length))}::integer[],
        ${sql.param(list.map((g) => g.emissionUs))}::bigint[], ${sql.param(list.map((g) => g.periodUs))}::bigint[]
      ) with ordinality as t(admitted, tat_us, now_us, n) order by n`);
    list.forEach((group, i) => {
      const row = rows[i]!;
      const admitted = Number(row.admitted);
      const tatUs = Number(row.tat_us);
      const nowMs = Number(row.now_us) / 1000;
      // The j-th admitted request leaves the TAT where it would have been after it alone.
      group.waiters.forEach((waiter, j) =>
        waiter.resolve(j < admitted ? { allowed: true, tatMs: (tatUs - (admitted - 1 - j) * group.emissionUs) / 1000, nowMs } : { allowed: false, tatMs: tatUs / 1000, nowMs }),
      );
    });
  } catch (error) {
    for (const group of list) for (const waiter of group.waiters) waiter.reject(error);
  }
}
