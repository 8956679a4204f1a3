import { LRUCache } from "lru-cache";

/**
 * One bounded, per-process cache (an LRU with a size and a time to live), named so that it can
 * be found again: the registry below holds every cache of the process by name, which is how a
 * shared invalidation (Redis pub/sub between instances, broadcast-invalidations.ts) reaches them.
 *
 * Invalidation is explicit and synchronous in this process: after `delete(key)` returns, no
 * caller sees the old value, and a `getOrLoad` that was already loading the key when it was
 * deleted (or set) does not put its now-stale result back (its own caller still gets it). Code
 * that loads a value itself must store it through `getOrLoad` (with `join: false` when it may not
 * wait for another caller's load), never with a `set` after its own read: a `set` cannot know
 * that the key was invalidated while the read ran, and would put the old value back.
 */
export type Cache<V> = {
  readonly name: string;
  get(key: string): V | undefined;
  /** Stores `value` for the cache's time to live, or for `ttlMs` (e.g. what is left of the entry it replaces). */
  set(key: string, value: V, ttlMs?: number): void;
  delete(key: string): void;
  clear(): void;
  /**
   * The cached value, or `load()`'s result (stored unless invalidated meanwhile, or refused by
   * `keep`, which is asked only when nothing invalidated the key during the load). Concurrent
   * misses share one load; with `join: false` this caller runs its own `load` instead of waiting
   * for one in flight (code holding a pooled connection, see inSharedTransaction), still stored
   * only if nothing invalidated the key meanwhile.
   */
  getOrLoad(key: string, load: () => Promise<V>, options?: { keep?: (value: V) => boolean; join?: boolean }): Promise<V>;
  readonly size: number;
};

export type CacheOptions = {
  /** Unique per process; the same name returns the same cache (Next.js bundles proxy.ts and the app separately). */
  name: string;
  /** Most entries kept; the least recently used go first. */
  max: number;
  /** Entries older than this are not returned. */
  ttlMs: number;
  /**
   * Default true: the entries mirror shared state (the database), so `delete` and `clear` are
   * announced to the listeners (and through them to other instances). False for what only this
   * process knows or derives from immutable input (decoded tokens, its own write throttles).
   */
  shared?: boolean;
};

export type CacheInfo = { name: string; ttlMs: number; shared: boolean };

/** Lookups since the process started (a `getOrLoad` that joins a load in flight is a miss). */
export type CacheStats = { name: string; hits: number; misses: number; size: number };

/**
 * Told about every `delete` and `clear` (key `null`) of a shared cache made in this process, e.g.
 * to publish them to other instances, which apply them with `applyRemoteInvalidation` (that one
 * is not announced again, so invalidations do not echo between instances).
 */
export type InvalidationListener = (cacheName: string, key: string | null) => void;

type Entry = { cache: Cache<unknown>; info: CacheInfo; invalidate: (key: string | null) => void; lookups: { hits: number; misses: number } };
type Registry = { caches: Map<string, Entry>; listeners: Set<InvalidationListener> };

// On globalThis: proxy.ts and the app are separate bundles (and dev reloads modules), but the
// process must have one cache per name, or an invalidation in one bundle misses the other.
const holder = globalThis as unknown as { __atriumCaches?: Registry };
const registry: Registry = (holder.__atriumCaches ??= { caches: new Map(), listeners: new Set() });

export function createCache<V extends object>({ name, max, ttlMs, shared = true }: CacheOptions): Cache<V> {
  const existing = registry.caches.get(name);
  if (existing) return existing.cache as Cache<V>;
  const lru = new LRUCache<string, V>({ max, ttl: ttlMs, updateAgeOnGet: false });
  // Plain numbers, read by the metrics scrape (server/metrics): no cost per lookup beyond an add.
  const lookups = { hits: 0, misses: 0 };
  // A load in flight per key; `stale` is set when the key is deleted or set during the load.
  const loading = new Map<string, { promise: Promise<V>; stale: boolean }>();
  // Loads that joined nothing (`join: false`), per key: several may run at once.
  const ownLoads = new Map<string, Set<{ stale: boolean }>>();
  const markStale = (key: string) => {
    const pending = loading.get(key);
    if (pending) {
      pending.stale = true;
      loading.delete(key);
    }
    const own = ownLoads.get(key);
    if (own) {
      for (const load of own) load.stale = true;
      ownLoads.delete(key);
    }
  };
  const invalidate = (key: string | null) => {
    if (key === null) {
      for (const pending of loading.values()) pending.stale = true;
      loading.clear();
      for (const own of ownLoads.values()) for (const load of own) load.stale = true;
      ownLoads.clear();
      lru.clear();
    } else {
      markStale(key);
      lru.delete(key);
    }
  };
  const invalidateAndAnnounce = (key: string | null) => {
    invalidate(key);
    if (!shared) return;
    for (const listener of registry.listeners) {
      // A listener's failure (e.g. a broadcast that cannot reach Redis) never fails the caller.
      try {
        listener(name, key);
      } catch {
        // Listeners report their own problems; the local invalidation above has happened.
      }
    }
  };

  const cache: Cache<V> = {
    name,
    get(key) {
      const value = lru.get(key);
      if (value === undefined) lookups.misses++;
      else lookups.hits++;
      return value;
    },
    set(key, value, ttl) {
      markStale(key);
      lru.set(key, value, ttl === undefined ? undefined : { ttl: Math.max(1, ttl) });
    },
    delete: (key) => invalidateAndAnnounce(key),
    clear: () => invalidateAndAnnounce(null),
    getOrLoad(key, load, options) {
      const hit = lru.get(key);
      if (hit !== undefined) {
        lookups.hits++;
        return Promise.resolve(hit);
      }
      lookups.misses++;
      if (options?.join === false) {
        const token = { stale: false };
        const own = ownLoads.get(key) ?? new Set();
        own.add(token);
        ownLoads.set(key, own);
        const settle = () => {
          own.delete(token);
          if (!own.size && ownLoads.get(key) === own) ownLoads.delete(key);
        };
        return load().then(
          (value) => {
            settle();
            if (!token.stale && options.keep?.(value) !== false) lru.set(key, value);
            return value;
          },
          (error: unknown) => {
            settle();
            throw error;
          },
        );
      }
      const pending = loading.get(key);
      if (pending) return pending.promise;
      const entry = { stale: false, promise: undefined as unknown as Promise<V> };
      entry.promise = load().then(
        (value) => {
          if (!entry.stale) {
            if (options?.keep?.(value) !== false) lru.set(key, value);
            loading.delete(key);
          }
          return value;
        },
        (error: unknown) => {
          if (!entry.stale) loading.delete(key);
          throw error;
        },
      );
      loading.set(key, entry);
      return entry.promise;
    },
    get size() {
      return lru.size;
    },
  };
  registry.caches.set(name, { cache: cache as Cache<unknown>, info: { name, ttlMs, shared }, invalidate, lookups });
  return cache;
}

/** Applies another instance's `delete` (or `clear`, key `null`) here, without announcing it again. */
export function applyRemoteInvalidation(cacheName: string, key: string | null): void {
  registry.caches.get(cacheName)?.invalidate(key);
}

/** Names of every cache created in this process. */
export function cacheNames(): string[] {
  return [...registry.caches.keys()];
}

/** Name, time to live and sharing of every cache created in this process. */
export function cacheInfos(): CacheInfo[] {
  return [...registry.caches.values()].map((entry) => entry.info);
}

/** Hits, misses and size of every cache created in this process. */
export function cacheStats(): CacheStats[] {
  return [...registry.caches.values()].map(({ info, lookups, cache }) => ({ name: info.name, hits: lookups.hits, misses: lookups.misses, size: cache.size }));
}

/** Listens to local invalidations; returns the function that stops listening. */
export function onInvalidate(listener: InvalidationListener): () => void {
  registry.listeners.add(listener);
  return () => registry.listeners.delete(listener);
}
