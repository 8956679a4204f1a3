import "server-only";
import { pruneEventsBefore, pruneNotificationsBefore, pruneWebhookDeliveriesBefore } from "../db/cross-tenant-events";
import { env } from "../env";

const BATCH = 10_000;

/**
 * Deletes events older than EVENT_RETENTION_DAYS, and the finished webhook deliveries (with their
 * attempts, request bodies included) and the notifications of the same age, in bounded batches so
 * no statement runs long.
 */
export async function pruneEvents({ now = new Date(), budgetMs = 5 * 60_000 }: { now?: Date; budgetMs?: number } = {}): Promise<number> {
  const cutoff = new Date(now.getTime() - env.EVENT_RETENTION_DAYS * 86_400_000);
  const started = Date.now();
  let total = 0;
  for (const prune of [pruneEventsBefore, pruneWebhookDeliveriesBefore, pruneNotificationsBefore]) {
    for (;;) {
      const deleted = await prune(cutoff, BATCH);
      total += deleted;
      if (deleted < BATCH || Date.now() - started > budgetMs) break;
    }
  }
  return total;
}
