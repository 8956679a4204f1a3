import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { getDb } from "../db/client";
import { checkRateLimit, checkRateLimits, decide, type RateLimitPolicy } from "./gcra";
import { postgresStoreOn } from "./postgres-store";

// Two more pools on the same database stand for two more app instances: each has its own
// batching, and all share the buckets table.
const pools = [postgres(process.env.DATABASE_URL!, { max: 4, onnotice: () => {} }), postgres(process.env.DATABASE_URL!, { max: 4, onnotice: () => {} })];
afterAll(() => Promise.all(pools.map((p) => p.end({ timeout: 5 }))));
const instanceDbs = pools.map((p) => drizzle(p));

/** A store on the app's pool that counts the statements it sends. */
function countingStore() {
  const counter = { statements: 0 };
  const store = postgresStoreOn(() => ({
    execute: ((query: Parameters<ReturnType<typeof getDb>["execute"]>[0]) => {
      counter.statements++;
      return getDb().execute(query);
    }) as ReturnType<typeof getDb>["execute"],
  }));
  return { store, counter };
}

describe("PostgreSQL rate-limit store: batched attempts", () => {
  it("many concurrent requests share few statements, and exactly the limit gets through", async () => {
    const { store, counter } = countingStore();
    const key = `test:${randomUUID()}`;
    const policy: RateLimitPolicy = { name: "per-minute", limit: 40, periodSeconds: 60 };
    const decisions = await Promise.all(Array.from({ length: 100 }, () => checkRateLimit(key, policy, store)));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(40);
    // One statement for the first request, then the rest in (about) one more.
    expect(counter.statements).toBeLessThanOrEqual(5);
    // Each admitted request sees its own place in the bucket, as if checked one by one.
    const remaining = decisions.filter((d) => d.allowed).map((d) => d.remaining);
    expect(remaining.sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    for (const refused of decisions.filter((d) => !d.allowed)) {
      expect(refused.remaining).toBe(0);
      expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      expect(refused.retryAfterSeconds).toBeLessThanOrEqual(2);
    }
    // The stored state is the same as after 40 single admissions: the next request is refused.
    expect((await checkRateLimit(key, policy, store)).allowed).toBe(false);
  });

  it("per tenant and per key in one batch: each bucket counts every request, as one by one", async () => {
    const { store } = countingStore();
    const tenant = `api:tenant:${randomUUID()}`;
    const keys = [`api:key:${randomUUID()}`, `api:key:${randomUUID()}`];
    const policy: RateLimitPolicy = { name: "per-minute", limit: 10, periodSeconds: 60 };
    // 8 requests with each key: the tenant bucket admits 10 of the 16, each key bucket all 8.
    const pairs = await Promise.all(Array.from({ length: 16 }, (_, i) => checkRateLimits([tenant, keys[i % 2]!], policy, store)));
    expect(pairs.filter(([t]) => t!.allowed)).toHaveLength(10);
    expect(pairs.filter(([, k]) => k!.allowed)).toHaveLength(16);
    const after = await checkRateLimits([tenant, keys[0]!], policy, store);
    expect(after.map((d) => [d.allowed, d.remaining])).toEqual([
      [false, 0],
      [true, 1],
    ]);
  });

  it("several instances batching at once still share one limit exactly, and never deadlock", async () => {
    const stores = instanceDbs.map((db) => postgresStoreOn(() => db));
    const [a, b] = [`test:a:${randomUUID()}`, `test:b:${randomUUID()}`];
    const policy: RateLimitPolicy = { name: "per-minute", limit: 30, periodSeconds: 60 };
    // The two instances name the keys in opposite orders; rows are locked in sorted order anyway.
    const decisions = await Promise.all(
      Array.from({ length: 120 }, (_, i) => checkRateLimits(i % 2 ? [a, b] : [b, a], policy, stores[i % 2]!).then((d) => (i % 2 ? d : [d[1]!, d[0]!]))),
    );
    expect(decisions.filter(([da]) => da!.allowed)).toHaveLength(30);
    expect(decisions.filter(([, db]) => db!.allowed)).toHaveLength(30);
  });

  it("the same key under two policies in one batch: decided as if one by one, in arrival order", async () => {
    const { store, counter } = countingStore();
    const strict: RateLimitPolicy = { name: "strict", limit: 2, periodSeconds: 60 };
    const loose: RateLimitPolicy = { name: "loose", limit: 100, periodSeconds: 60 };
    const sequence = [loose, strict, loose, strict, strict];
    const oneByOne = `test:${randomUUID()}`;
    const expected = [];
    for (const policy of sequence) expected.push((await checkRateLimit(oneByOne, policy, store)).allowed);
    expect(expected).toEqual([true, true, true, false, false]);
    const batched = `test:${randomUUID()}`;
    counter.statements = 0;
    const decisions = await Promise.all(sequence.map((policy) => checkRateLimit(batched, policy, store)));
    expect(decisions.map((d) => d.allowed)).toEqual(expected);
    expect(counter.statements).toBeLessThan(sequence.length);
  });

  it("decides like the single-request formula", () => {
    const policy: RateLimitPolicy = { name: "p", limit: 4, periodSeconds: 2 };
    // Emission 500 ms: a TAT 1.5 s ahead leaves one request.
    expect(decide(policy, { allowed: true, tatMs: 11_500, nowMs: 10_000 }).remaining).toBe(1);
  });
});
