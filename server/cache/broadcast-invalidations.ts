import { randomUUID } from "node:crypto";
import Redis, { type RedisOptions } from "ioredis";
import { env } from "../env";
import { logger } from "../logger";
import { applyRemoteInvalidation, cacheInfos, onInvalidate } from "./cache";

// Cache invalidations shared between instances over Redis pub/sub: every local `delete` / `clear`
// of a shared cache is published, and every other instance applies it, so a revoked key, a
// suspended workspace or a changed plan is seen everywhere within milliseconds, not after a TTL.
//
// Pub/sub delivers at most once and only to connected subscribers, so a gap is handled rather
// than hoped away: invalidations made while this instance cannot publish wait in a bounded queue
// (past its bound they collapse into clears of the caches concerned), and whenever the
// subscription is (re)established every shared cache whose entries could outlive the promised
// delay is cleared, because messages may have been missed meanwhile. Redis being down never
// fails or slows a request: publishing is queued and asynchronous, and the caches keep working
// on their own TTLs, which is all there is without REDIS_URL too.

export const DEFAULT_CHANNEL = "atrium:cache-invalidations";
/** Caches whose entries may live longer than this are cleared when the subscription (re)starts. */
const DEFAULT_RECONNECT_CLEAR_ABOVE_MS = 1_000;
/** Invalidations kept while Redis cannot be reached; past this, whole caches are cleared instead. */
const MAX_PENDING_KEYS = 10_000;
/** Items per published message (one message per tick normally carries all of them). */
const MAX_ITEMS_PER_MESSAGE = 500;
/** How often the subscription is pinged: a connection that died silently (no FIN, no RST) is replaced. */
const DEFAULT_HEALTH_CHECK_MS = 5_000;

export type CacheBroadcastOptions = {
  /** Default: REDIS_URL. Without a URL nothing starts. */
  url?: string;
  /** Default: DEFAULT_CHANNEL. Deployments (or test runs) sharing one Redis use different channels. */
  channel?: string;
  /** Default: 1000 ms, the propagation this broadcast promises. */
  reconnectClearAboveMs?: number;
  /** Default: 5000 ms. */
  healthCheckMs?: number;
};

export type CacheBroadcastStats = {
  instanceId: string;
  channel: string;
  /** Subscribed right now: others' invalidations arrive. */
  subscribed: boolean;
  published: number;
  received: number;
  applied: number;
  ignoredOwn: number;
  malformed: number;
  /** Times the subscription was (re)established and long-lived caches were cleared. */
  resubscribed: number;
  pending: number;
};

export type CacheBroadcast = {
  stats(): CacheBroadcastStats;
  /** Publishes what is pending (waiting a second at most), then disconnects and stops listening. */
  stop(): Promise<void>;
};

type Item = [cache: string, key: string | null];

const holder = globalThis as unknown as { __atriumCacheBroadcast?: CacheBroadcast };

/**
 * Starts broadcasting this process's cache invalidations and applying other instances' (web
 * servers and workers alike), once per process. Returns null (and does nothing) without a Redis URL.
 */
export function startCacheBroadcast(options: CacheBroadcastOptions = {}): CacheBroadcast | null {
  if (holder.__atriumCacheBroadcast) return holder.__atriumCacheBroadcast;
  const url = options.url ?? env.REDIS_URL;
  if (!url) return null;
  const broadcast = createBroadcast(url, {
    channel: options.channel ?? env.CACHE_BROADCAST_CHANNEL ?? DEFAULT_CHANNEL,
    reconnectClearAboveMs: options.reconnectClearAboveMs ?? DEFAULT_RECONNECT_CLEAR_ABOVE_MS,
    healthCheckMs: options.healthCheckMs ?? DEFAULT_HEALTH_CHECK_MS,
  });
  holder.__atriumCacheBroadcast = broadcast;
  return broadcast;
}

/** Stops the process's broadcast, if one runs (graceful shutdown, tests). */
export async function stopCacheBroadcast(): Promise<void> {
  const broadcast = holder.__atriumCacheBroadcast;
  holder.__atriumCacheBroadcast = undefined;
  await broadcast?.stop();
}

function createBroadcast(url: string, { channel, reconnectClearAboveMs, healthCheckMs }: Required<Omit<CacheBroadcastOptions, "url">>): CacheBroadcast {
  const instanceId = randomUUID();
  const stats: CacheBroadcastStats = {
    instanceId,
    channel,
    subscribed: false,
    published: 0,
    received: 0,
    applied: 0,
    ignoredOwn: 0,
    malformed: 0,
    resubscribed: 0,
    pending: 0,
  };
  // Commands fail at once while disconnected (no offline queue: our own queue below decides what
  // survives an outage), and reconnecting goes on forever with a delay of at most 2 s.
  const connection: RedisOptions = {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    commandTimeout: 2_000,
    keepAlive: 10_000,
    autoResubscribe: false,
    retryStrategy: (times) => Math.min(100 * times, 2_000),
  };
  const publisher = new Redis(url, { ...connection, connectionName: `atrium-cache-pub-${instanceId}` });
  const subscriber = new Redis(url, { ...connection, connectionName: `atrium-cache-sub-${instanceId}` });
  let stopped = false;
  // Logged once per outage, not per reconnection attempt.
  let downLogged = false;

  const reportDown = (error: unknown) => {
    if (downLogged || stopped) return;
    downLogged = true;
    const cause = error as { code?: string; message?: string } | undefined;
    logger.warn("cache invalidations: Redis unreachable; caches fall back to their TTLs until it is back", { code: cause?.code, reason: cause?.message });
  };
  publisher.on("error", reportDown);
  subscriber.on("error", reportDown);
  subscriber.on("close", () => {
    if (!stats.subscribed) return;
    stats.subscribed = false;
    reportDown(new Error("connection closed"));
  });

  subscriber.on("ready", () => {
    subscriber.subscribe(channel).then(
      () => {
        // Entries loaded while no message could arrive may be stale: the long-lived ones go.
        for (const info of cacheInfos()) if (info.shared && info.ttlMs > reconnectClearAboveMs) applyRemoteInvalidation(info.name, null);
        stats.subscribed = true;
        stats.resubscribed++;
        if (downLogged || stats.resubscribed === 1) logger.info("cache invalidations: subscribed", { channel, resubscribed: stats.resubscribed });
        downLogged = false;
      },
      (error: unknown) => reportDown(error),
    );
  });
  // A subscriber only listens, so a dead connection would go unnoticed for as long as TCP keepalive
  // takes (minutes): a ping that gets no answer in time drops it, and the reconnection resubscribes.
  const healthCheck = setInterval(() => {
    if (!stats.subscribed) return;
    subscriber.ping().catch((error: unknown) => {
      if (stopped || !stats.subscribed) return;
      stats.subscribed = false;
      reportDown(error);
      subscriber.disconnect(true);
    });
  }, healthCheckMs);
  healthCheck.unref();

  subscriber.on("message", (from: string, message: string) => {
    if (from !== channel) return;
    stats.received++;
    const parsed = parseMessage(message);
    if (!parsed) {
      stats.malformed++;
      return;
    }
    if (parsed.from === instanceId) {
      stats.ignoredOwn++;
      return;
    }
    for (const [cache, key] of parsed.items) {
      applyRemoteInvalidation(cache, key);
      stats.applied++;
    }
  });

  // What is still to publish: per cache, the keys, or null for the whole cache.
  const pending = new Map<string, Set<string> | null>();
  let pendingKeys = 0;
  let flushScheduled = false;
  let flushing: Promise<void> | null = null;

  const enqueue = (cache: string, key: string | null) => {
    const keys = pending.get(cache);
    if (keys === null) return;
    if (key === null) {
      pendingKeys -= keys?.size ?? 0;
      pending.set(cache, null);
    } else if (keys) {
      if (!keys.has(key)) pendingKeys++;
      keys.add(key);
    } else {
      pending.set(cache, new Set([key]));
      pendingKeys++;
    }
    if (pendingKeys > MAX_PENDING_KEYS) {
      for (const name of pending.keys()) pending.set(name, null);
      pendingKeys = 0;
    }
    stats.pending = pendingKeys + [...pending.values()].filter((k) => k === null).length;
  };

  const takePending = (): Item[] => {
    const items: Item[] = [];
    for (const [cache, keys] of pending) {
      if (keys === null) items.push([cache, null]);
      else for (const key of keys) items.push([cache, key]);
    }
    pending.clear();
    pendingKeys = 0;
    stats.pending = 0;
    return items;
  };

  const flush = async () => {
    if (publisher.status !== "ready" || pending.size === 0) return;
    const items = takePending();
    for (let i = 0; i < items.length; i += MAX_ITEMS_PER_MESSAGE) {
      const batch = items.slice(i, i + MAX_ITEMS_PER_MESSAGE);
      try {
        await publisher.publish(channel, JSON.stringify({ v: 1, from: instanceId, items: batch }));
        stats.published++;
      } catch (error) {
        // Kept for the next connection (the publisher's "ready" flushes again).
        for (const [cache, key] of items.slice(i)) enqueue(cache, key);
        reportDown(error);
        return;
      }
    }
  };

  const scheduleFlush = () => {
    if (flushScheduled || stopped) return;
    flushScheduled = true;
    // One message per tick carries every invalidation made in it (a purge drops many keys).
    setImmediate(() => {
      flushScheduled = false;
      flushing = (flushing ?? Promise.resolve()).then(flush, flush).catch(() => undefined);
    });
  };

  publisher.on("ready", scheduleFlush);
  const stopListening = onInvalidate((cache, key) => {
    enqueue(cache, key);
    scheduleFlush();
  });

  return {
    stats: () => ({ ...stats }),
    async stop() {
      if (stopped) return;
      stopListening();
      // What was invalidated last (a one-shot script's suspensions, say) still goes out, if Redis
      // is (or becomes) reachable within a second.
      const publishPending = async () => {
        await flushing;
        if (pending.size && publisher.status !== "ready") await new Promise((resolve) => publisher.once("ready", resolve));
        await flush();
      };
      await Promise.race([publishPending(), new Promise((resolve) => setTimeout(resolve, 1_000).unref())]).catch(() => undefined);
      stopped = true;
      clearInterval(healthCheck);
      stats.subscribed = false;
      publisher.disconnect();
      subscriber.disconnect();
    },
  };
}

function parseMessage(message: string): { from: string; items: Item[] } | null {
  let data: unknown;
  try {
    data = JSON.parse(message);
  } catch {
    return null;
  }
  const { from, items } = (data ?? {}) as { from?: unknown; items?: unknown };
  if (typeof from !== "string" || !Array.isArray(items)) return null;
  const valid: Item[] = [];
  for (const item of items) {
    if (!Array.isArray(item) || item.length !== 2) return null;
    const [cache, key] = item as unknown[];
    if (typeof cache !== "string" || (key !== null && typeof key !== "string")) return null;
    valid.push([cache, key]);
  }
  return { from, items: valid };
}
