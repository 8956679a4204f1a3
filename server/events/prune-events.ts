import "server-only";
import { sql } from "drizzle-orm";
import { getDb } from "../db/client";
import { env } from "../env";

const BATCH = 10_000;

/** Deletes events older than EVENT_RETENTION_DAYS, in bounded batches so no statement runs long. */
export async function pruneEvents({ now = new Date(), budgetMs = 5 * 60_000 }: { now?: Date; budgetMs?: number } = {}): Promise<number> {
  const cutoff = new Date(now.getTime() - env.EVENT_RETENTION_DAYS * 86_400_000);
  const started = Date.now();
  let total = 0;
  for (;;) {
    const [row] = await getDb().execute<{ deleted: number }>(sql`select atrium_prune_events(${cutoff.toISOString()}::timestamptz, ${BATCH}) as deleted`);
    total += row?.deleted ?? 0;
    if ((row?.deleted ?? 0) < BATCH || Date.now() - started > budgetMs) return total;
  }
}
