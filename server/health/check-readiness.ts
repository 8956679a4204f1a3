import { sql } from "drizzle-orm";
import { getClient, getDb } from "../db/client";
import { findPendingMigrations } from "../db/schema-version";
import { env } from "../env";
import { pingRateLimitRedis } from "../rate-limit/gcra";
import { isShuttingDown } from "../shutdown/shutdown-state";
import { clearDatabaseTrouble, noteDatabaseTrouble } from "./database-trouble";

export type ReadinessReason = "shutting down" | "database unavailable" | "migrations pending" | "redis unavailable";
export type ReadinessChecks = { database: boolean; migrations: boolean | null; redis: boolean | "not configured" };
export type Readiness = { ready: true; checks: ReadinessChecks } | { ready: false; reason: ReadinessReason; checks: ReadinessChecks };

// Readiness is asked often and by anyone (every host serves it): each dependency is asked at most
// once per CHECK_MS, and requests that arrive meanwhile share the answer.
const CHECK_MS = 1_000;
// The schema changes only at a release: asked every 30 s (a database restored to an older backup shows up here).
const MIGRATIONS_CHECK_MS = 30_000;
// A probe that has not answered in this long counts as a failure: a frozen server (or a pool whose
// every connection waits on a lock) must not hold the health routes for as long as it lasts.
const PROBE_TIMEOUT_MS = 2_000;
type Cached = { at: number; value: Promise<boolean>; settled: boolean };
const cached = new Map<string, Cached>();

function every(name: string, ms: number, check: () => Promise<boolean>): Promise<boolean> {
  const now = Date.now();
  const hit = cached.get(name);
  // A probe still out is shared, however old: a slow dependency gets one question at a time.
  if (hit && (!hit.settled || now - hit.at < ms)) return hit.value;
  const entry: Cached = { at: now, value: Promise.resolve(false), settled: false };
  entry.value = withinTime(check(), PROBE_TIMEOUT_MS)
    .catch(() => false)
    .finally(() => {
      // Fresh for CHECK_MS from its answer (a probe that took two seconds is not stale at once).
      entry.at = Date.now();
      entry.settled = true;
    });
  cached.set(name, entry);
  return entry.value;
}

function withinTime<T>(work: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    timer.unref?.();
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/**
 * Whether the database answers `select 1` within two seconds (asked at most once a second, shared
 * by everyone asking meanwhile). The answer also tells pages whether to ask before rendering
 * (database-trouble.ts, proxy.ts).
 */
export const databaseReachable = () =>
  every("database", CHECK_MS, () =>
    withinTime(getDb().execute(sql`select 1`), PROBE_TIMEOUT_MS).then(
      () => {
        clearDatabaseTrouble();
        return true;
      },
      () => {
        noteDatabaseTrouble();
        return false;
      },
    ),
  );
const migrationsApplied = () => every("migrations", MIGRATIONS_CHECK_MS, async () => (await findPendingMigrations(getClient().sql)).tags.length === 0);
const redisReachable = (url: string) => every("redis", CHECK_MS, () => pingRateLimitRedis(url));

/**
 * Whether a load balancer should send this instance requests: not from the moment it is told to
 * stop, not without its database or with its schema behind this build, and not without Redis when
 * Redis is configured (several instances share their rate limits and cache invalidations through it).
 */
export async function checkReadiness(): Promise<Readiness> {
  const unchecked: ReadinessChecks = { database: false, migrations: null, redis: env.REDIS_URL ? false : "not configured" };
  if (isShuttingDown()) return { ready: false, reason: "shutting down", checks: unchecked };
  const [database, redis] = await Promise.all([databaseReachable(), env.REDIS_URL ? redisReachable(env.REDIS_URL) : Promise.resolve("not configured" as const)]);
  const migrations = database ? await migrationsApplied() : null;
  const checks: ReadinessChecks = { database, migrations, redis };
  // A signal may have arrived while the checks ran.
  if (isShuttingDown()) return { ready: false, reason: "shutting down", checks };
  if (!database) return { ready: false, reason: "database unavailable", checks };
  if (!migrations) return { ready: false, reason: "migrations pending", checks };
  if (redis === false) return { ready: false, reason: "redis unavailable", checks };
  return { ready: true, checks };
}

/** Forgets the cached answers (tests). */
export function resetReadinessChecks(): void {
  cached.clear();
}
