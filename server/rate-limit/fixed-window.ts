import { sql } from "drizzle-orm";
import { getDb } from "../db/client";

export type RateLimitRule = { key: string; limit: number; windowSeconds: number };
export type RateLimitState = { allowed: boolean; count: number; retryAfterSeconds: number };

/**
 * Counts one hit in a fixed window stored in PostgreSQL (one upsert, atomic under
 * concurrency). `allowed` is false once the window holds more than `limit` hits.
 */
export async function hitRateLimit({ key, limit, windowSeconds }: RateLimitRule): Promise<RateLimitState> {
  const rows = await getDb().execute<{ count: number; retry_after: number }>(sql`
    insert into rate_limit_counters as c (key, window_start, count)
    values (${key}, now(), 1)
    on conflict (key) do update set
      count = case when c.window_start <= now() - make_interval(secs => ${windowSeconds}) then 1 else c.count + 1 end,
      window_start = case when c.window_start <= now() - make_interval(secs => ${windowSeconds}) then now() else c.window_start end
    returning count, ceil(extract(epoch from (window_start + make_interval(secs => ${windowSeconds}) - now())))::int as retry_after`);
  const row = rows[0]!;
  return { allowed: row.count <= limit, count: row.count, retryAfterSeconds: Math.max(1, row.retry_after) };
}

/** Reads a window without counting. */
export async function peekRateLimit({ key, limit, windowSeconds }: RateLimitRule): Promise<RateLimitState> {
  const rows = await getDb().execute<{ count: number; retry_after: number }>(sql`
    select count, ceil(extract(epoch from (window_start + make_interval(secs => ${windowSeconds}) - now())))::int as retry_after
    from rate_limit_counters where key = ${key} and window_start > now() - make_interval(secs => ${windowSeconds})`);
  const row = rows[0];
  if (!row) return { allowed: true, count: 0, retryAfterSeconds: 0 };
  return { allowed: row.count < limit, count: row.count, retryAfterSeconds: Math.max(1, row.retry_after) };
}

export async function resetRateLimit(key: string): Promise<void> {
  await getDb().execute(sql`delete from rate_limit_counters where key = ${key}`);
}
