import { settleLastUsedWrites } from "../api-keys/authenticate-api-key";
import { stopCacheBroadcast } from "../cache/broadcast-invalidations";
import { closeDb } from "../db/client";
import { logger } from "../logger";
import { closeRateLimitStores } from "../rate-limit/gcra";
import { stopRequestMinutes } from "../sla/request-minutes";
import { stopApiCallCounter } from "../usage/api-call-counter";

/**
 * Writes what this process still holds in memory — the fire-and-forget last-used times of API
 * keys and the API-call counts — and, when the HTTP server has stopped taking requests (so
 * nothing can be counted after this), closes the PostgreSQL pool and the Redis clients (the cache
 * broadcast first delivers invalidations it still has to publish).
 * Returns how many counted calls could not be written.
 */
export async function flushBufferedWrites({ closePool }: { closePool: boolean }): Promise<number> {
  await settleLastUsedWrites();
  const unwritten = await stopApiCallCounter();
  const minutesUnwritten = await stopRequestMinutes();
  if (minutesUnwritten > 0) logger.error("shutdown: request minutes (SLA) could not be written and are lost", { requests: minutesUnwritten });
  if (unwritten > 0) logger.error("shutdown: API call counts could not be written and are lost", { calls: unwritten });
  else logger.info("shutdown: buffered writes flushed");
  if (closePool) {
    await stopCacheBroadcast();
    closeRateLimitStores();
    await closeDb();
  }
  return unwritten;
}
