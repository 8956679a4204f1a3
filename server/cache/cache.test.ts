import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { applyRemoteInvalidation, cacheInfos, cacheNames, createCache, onInvalidate } from "./cache";

const fresh = <V extends object>(options: { max?: number; ttlMs?: number } = {}) =>
  createCache<V>({ name: `test-${randomUUID()}`, max: options.max ?? 100, ttlMs: options.ttlMs ?? 60_000 });

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe("createCache", () => {
  it("is bounded: the least recently used entry goes first", () => {
    const cache = fresh<{ n: number }>({ max: 3 });
    for (let n = 0; n < 3; n++) cache.set(`k${n}`, { n });
    cache.get("k0");
    cache.set("k3", { n: 3 });
    expect(cache.size).toBe(3);
    expect(cache.get("k1")).toBeUndefined();
    expect(cache.get("k0")).toEqual({ n: 0 });
  });

  it("forgets entries after their time to live", async () => {
    const cache = fresh<{ n: number }>({ ttlMs: 40 });
    cache.set("k", { n: 1 });
    expect(cache.get("k")).toEqual({ n: 1 });
    await new Promise((r) => setTimeout(r, 60));
    expect(cache.get("k")).toBeUndefined();
  });

  it("set can keep what is left of an entry's lifetime", async () => {
    const cache = fresh<{ n: number }>({ ttlMs: 60_000 });
    cache.set("k", { n: 1 }, 30);
    await new Promise((r) => setTimeout(r, 50));
    expect(cache.get("k")).toBeUndefined();
  });

  it("the same name is the same cache (one per process, whichever bundle asks)", () => {
    const name = `test-${randomUUID()}`;
    const a = createCache<{ n: number }>({ name, max: 10, ttlMs: 1000 });
    const b = createCache<{ n: number }>({ name, max: 10, ttlMs: 1000 });
    a.set("k", { n: 1 });
    expect(b.get("k")).toEqual({ n: 1 });
    expect(cacheNames()).toContain(name);
  });

  it("getOrLoad: concurrent misses share one load, and the result is cached", async () => {
    const cache = fresh<{ n: number }>();
    let loads = 0;
    const gate = deferred<{ n: number }>();
    const load = () => (loads++, gate.promise);
    const waiting = Promise.all([cache.getOrLoad("k", load), cache.getOrLoad("k", load), cache.getOrLoad("k", load)]);
    gate.resolve({ n: 7 });
    expect(await waiting).toEqual([{ n: 7 }, { n: 7 }, { n: 7 }]);
    expect(loads).toBe(1);
    expect(await cache.getOrLoad("k", async () => ({ n: 8 }))).toEqual({ n: 7 });
  });

  it("a delete during a load keeps the stale result out, and later callers load again", async () => {
    const cache = fresh<{ revoked: boolean }>();
    const before = deferred<{ revoked: boolean }>();
    const first = cache.getOrLoad("key", () => before.promise);
    // The key is revoked (committed) and invalidated while the first lookup is still running.
    cache.delete("key");
    const second = cache.getOrLoad("key", async () => ({ revoked: true }));
    before.resolve({ revoked: false });
    expect(await first).toEqual({ revoked: false });
    expect(await second).toEqual({ revoked: true });
    expect(cache.get("key")).toEqual({ revoked: true });
  });

  it("a set during a load is not overwritten by the older loaded value", async () => {
    const cache = fresh<{ used: number }>();
    const slow = deferred<{ used: number }>();
    const loading = cache.getOrLoad("tenant", () => slow.promise);
    cache.set("tenant", { used: 10 });
    slow.resolve({ used: 5 });
    await loading;
    expect(cache.get("tenant")).toEqual({ used: 10 });
  });

  it("clear drops every entry and every load in flight", async () => {
    const cache = fresh<{ n: number }>();
    cache.set("a", { n: 1 });
    const slow = deferred<{ n: number }>();
    const loading = cache.getOrLoad("b", () => slow.promise);
    cache.clear();
    slow.resolve({ n: 2 });
    await loading;
    expect(cache.size).toBe(0);
  });

  it("join: false runs its own load beside one in flight, and keeps it only if nothing invalidated the key meanwhile", async () => {
    const cache = fresh<{ enforced: boolean }>();
    const shared = deferred<{ enforced: boolean }>();
    const own = deferred<{ enforced: boolean }>();
    let ownLoads = 0;
    const joined = cache.getOrLoad("t", () => shared.promise);
    // A caller holding a connection must not wait for the load above: it reads for itself.
    const alone = cache.getOrLoad("t", () => (ownLoads++, own.promise), { join: false });
    expect(ownLoads).toBe(1);
    // The policy changes (committed) while both reads are running: neither may be kept.
    cache.delete("t");
    own.resolve({ enforced: false });
    shared.resolve({ enforced: false });
    expect(await alone).toEqual({ enforced: false });
    expect(await joined).toEqual({ enforced: false });
    expect(cache.get("t")).toBeUndefined();
    // Undisturbed, its result is kept (and refused by keep like any other).
    expect(await cache.getOrLoad("t", async () => ({ enforced: true }), { join: false })).toEqual({ enforced: true });
    expect(cache.get("t")).toEqual({ enforced: true });
    cache.delete("t");
    await cache.getOrLoad("t", async () => ({ enforced: true }), { join: false, keep: () => false });
    expect(cache.get("t")).toBeUndefined();
  });

  it("join: false loads are also dropped by a set or a clear during them, and a failure stores nothing", async () => {
    const cache = fresh<{ n: number }>();
    const a = deferred<{ n: number }>();
    const b = deferred<{ n: number }>();
    const first = cache.getOrLoad("k", () => a.promise, { join: false });
    const second = cache.getOrLoad("k", () => b.promise, { join: false });
    cache.set("k", { n: 10 });
    a.resolve({ n: 1 });
    b.resolve({ n: 2 });
    await Promise.all([first, second]);
    expect(cache.get("k")).toEqual({ n: 10 });
    const c = deferred<{ n: number }>();
    const third = cache.getOrLoad("other", () => c.promise, { join: false });
    cache.clear();
    c.resolve({ n: 3 });
    await third;
    expect(cache.size).toBe(0);
    await expect(cache.getOrLoad("k", async () => Promise.reject(new Error("down")), { join: false })).rejects.toThrow("down");
    expect(cache.get("k")).toBeUndefined();
  });

  it("a failed load is not cached and the next call tries again", async () => {
    const cache = fresh<{ n: number }>();
    await expect(cache.getOrLoad("k", async () => Promise.reject(new Error("database down")))).rejects.toThrow("database down");
    expect(await cache.getOrLoad("k", async () => ({ n: 1 }))).toEqual({ n: 1 });
  });

  it("local invalidations are announced; remote ones are applied without echo", () => {
    const cache = fresh<{ n: number }>();
    const heard: [string, string | null][] = [];
    const stop = onInvalidate((name, key) => {
      if (name === cache.name) heard.push([name, key]);
    });
    try {
      cache.set("a", { n: 1 });
      cache.set("b", { n: 2 });
      cache.delete("a");
      applyRemoteInvalidation(cache.name, "b");
      expect(cache.get("b")).toBeUndefined();
      cache.clear();
      expect(heard).toEqual([
        [cache.name, "a"],
        [cache.name, null],
      ]);
    } finally {
      stop();
    }
  });

  it("getOrLoad's keep: a refused result is returned but not stored, and nothing is announced", async () => {
    const cache = fresh<{ found: boolean }>();
    const heard: (string | null)[] = [];
    const stop = onInvalidate((name, key) => name === cache.name && heard.push(key));
    try {
      let loads = 0;
      const load = async () => (loads++, { found: false });
      expect(await cache.getOrLoad("k", load, { keep: (v) => v.found })).toEqual({ found: false });
      expect(cache.get("k")).toBeUndefined();
      await cache.getOrLoad("k", load, { keep: (v) => v.found });
      expect(loads).toBe(2);
      expect(heard).toEqual([]);
    } finally {
      stop();
    }
  });

  it("a cache that is not shared keeps its invalidations to itself", () => {
    const name = `test-${randomUUID()}`;
    const cache = createCache<{ n: number }>({ name, max: 10, ttlMs: 1000, shared: false });
    const heard: string[] = [];
    const stop = onInvalidate((cacheName) => heard.push(cacheName));
    try {
      cache.set("a", { n: 1 });
      cache.delete("a");
      cache.clear();
      expect(heard.filter((n) => n === name)).toEqual([]);
      expect(cacheInfos().find((info) => info.name === name)).toEqual({ name, ttlMs: 1000, shared: false });
    } finally {
      stop();
    }
  });

  it("a failing listener never fails the caller's invalidation", () => {
    const cache = fresh<{ n: number }>();
    const stop = onInvalidate(() => {
      throw new Error("broadcast broken");
    });
    try {
      cache.set("a", { n: 1 });
      expect(() => cache.delete("a")).not.toThrow();
      expect(cache.get("a")).toBeUndefined();
    } finally {
      stop();
    }
  });
});
