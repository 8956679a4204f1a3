import { sql } from "drizzle-orm";
import { getDb } from "../db/client";

const BATCH = 5_000;

/**
 * Deletes rate-limit buckets whose theoretical arrival time has passed: such a bucket holds back
 * nobody, and a missing key starts exactly there (atrium_rate_limit_take, drizzle/0019), so
 * deleting it changes no decision. In batches that skip rows a request holds, so pruning never
 * waits for the API nor makes it wait.
 */
export async function pruneRateLimitBuckets(): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await getDb().execute(sql`
      delete from rate_limit_buckets
      where key in (select key from rate_limit_buckets where tat < now() limit ${BATCH} for update skip locked)`);
    const count = deleted.count ?? 0;
    total += count;
    if (count < BATCH) return total;
  }
}
