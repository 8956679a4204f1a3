import { randomUUID } from "node:crypto";
import net from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import {
  checkRateLimit,
  checkRateLimits,
  closeRateLimitStores,
  peekRateLimit,
  postgresStore,
  postgresStoreOn,
  rateLimitCounters,
  refundRateLimit,
  resetRateLimit,
  rateLimitHeaders,
  redisStore,
  resetRateLimitFailures,
  type RateLimitStore,
} from "./gcra";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const redisUp = await new Promise<boolean>((resolve) => {
  const url = new URL(REDIS_URL);
  const socket = net.connect({ host: url.hostname, port: Number(url.port || 6379) });
  socket.once("connect", () => (socket.destroy(), resolve(true)));
  socket.once("error", () => resolve(false));
});

const stores: [string, RateLimitStore | null][] = [
  ["postgres", postgresStore],
  // This machine and CI run Redis on 127.0.0.1:6379; elsewhere the Redis cases report as skipped.
  ["redis", redisUp ? redisStore(REDIS_URL) : null],
];

afterAll(() => {
  resetRateLimitFailures();
  closeRateLimitStores();
});

describe.each(stores)("GCRA on %s", (_name, store) => {
  it.skipIf(!store)("admits the limit in a burst, then refuses with a retry time", async () => {
    const key = `test:${randomUUID()}`;
    const policy = { name: "per-minute", limit: 10, periodSeconds: 60 };
    const decisions = [];
    for (let i = 0; i < 12; i++) decisions.push(await checkRateLimit(key, policy, store!));
    expect(decisions.map((d) => d.allowed)).toEqual([...Array(10).fill(true), false, false]);
    expect(decisions[0]!.remaining).toBe(9);
    expect(decisions[9]!.remaining).toBe(0);
    expect(decisions[10]!.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(decisions[10]!.retryAfterSeconds).toBeLessThanOrEqual(6);
    expect(rateLimitHeaders(decisions[10]!)).toMatchObject({ "RateLimit-Policy": '"per-minute";q=10;w=60', "Retry-After": expect.any(String) });
  });

  it.skipIf(!store)("is atomic under concurrency: exactly the limit gets through", async () => {
    const key = `test:${randomUUID()}`;
    const policy = { name: "per-minute", limit: 25, periodSeconds: 60 };
    const decisions = await Promise.all(Array.from({ length: 60 }, () => checkRateLimit(key, policy, store!)));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(25);
  });

  it.skipIf(!store)("checks several keys in one call, each with its own bucket", async () => {
    const [a, b] = [`test:${randomUUID()}`, `test:${randomUUID()}`];
    const policy = { name: "per-minute", limit: 3, periodSeconds: 60 };
    await checkRateLimit(a, policy, store!);
    await checkRateLimit(a, policy, store!);
    const decisions = await checkRateLimits([a, b], policy, store!);
    expect(decisions.map((d) => [d.allowed, d.remaining])).toEqual([[true, 0], [true, 2]]);
    expect((await checkRateLimits([a, b], policy, store!)).map((d) => d.allowed)).toEqual([false, true]);
  });

  it.skipIf(!store)("peek does not spend; reset empties the bucket", async () => {
    const key = `test:${randomUUID()}`;
    const policy = { name: "per-minute", limit: 2, periodSeconds: 60 };
    for (let i = 0; i < 5; i++) expect((await peekRateLimit(key, policy, store!)).allowed).toBe(true);
    await checkRateLimit(key, policy, store!);
    await checkRateLimit(key, policy, store!);
    expect((await peekRateLimit(key, policy, store!)).allowed).toBe(false);
    await resetRateLimit(key, store!);
    expect((await peekRateLimit(key, policy, store!)).allowed).toBe(true);
  });

  it.skipIf(!store)("refills at the policy's rate", async () => {
    const key = `test:${randomUUID()}`;
    // One slot every 500 ms: slow enough that a busy machine does not refill during the burst.
    const policy = { name: "per-two-seconds", limit: 4, periodSeconds: 2 };
    for (let i = 0; i < 4; i++) await checkRateLimit(key, policy, store!);
    expect((await checkRateLimit(key, policy, store!)).allowed).toBe(false);
    await new Promise((r) => setTimeout(r, 600));
    expect((await checkRateLimit(key, policy, store!)).allowed).toBe(true);
  });
});

// A port nothing listens on (bound, then closed again).
const closedPort = await new Promise<number>((resolve) => {
  const probe = net.createServer().listen(0, "127.0.0.1", () => {
    const { port } = probe.address() as net.AddressInfo;
    probe.close(() => resolve(port));
  });
});
const unreachablePg = postgres(`postgres://atrium_app@127.0.0.1:${closedPort}/atrium`, { max: 1, connect_timeout: 2, onnotice: () => {} });
const downStores: [string, () => RateLimitStore][] = [
  ["Redis at a closed port", () => redisStore(`redis://127.0.0.1:${closedPort}`)],
  ["a PostgreSQL pool that cannot connect", () => postgresStoreOn(() => drizzle(unreachablePg))],
];
afterAll(() => unreachablePg.end({ timeout: 1 }));

describe.each(downStores)("store failure: %s", (_name, makeStore) => {
  it("abuse throttles fail closed: the in-process limiter applies the same policy", async () => {
    resetRateLimitFailures();
    const store = makeStore();
    const before = rateLimitCounters();
    const policy = { name: "sign-in", limit: 5, periodSeconds: 15 * 60 };
    const key = `signin:acct-ip:${randomUUID()}`;
    const decisions = [];
    for (let i = 0; i < 7; i++) decisions.push(await checkRateLimit(key, policy, store));
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, true, true, false, false]);
    expect(decisions[5]!.retryAfterSeconds).toBeGreaterThan(60);
    expect((await peekRateLimit(key, policy, store)).allowed).toBe(false);
    // A correct password gives an attempt back, in the fallback too.
    await refundRateLimit(key, policy, store);
    expect((await checkRateLimit(key, policy, store)).allowed).toBe(true);
    const after = rateLimitCounters();
    expect(after.storeFailures).toBe(before.storeFailures + 1);
    expect(after.inProcessDecisions).toBeGreaterThanOrEqual(before.inProcessDecisions + 8);
  });

  it("API limits (whenStoreDown: allow) fail open, counted", async () => {
    resetRateLimitFailures();
    const store = makeStore();
    const before = rateLimitCounters().failedOpen;
    const policy = { name: "per-minute", limit: 1, periodSeconds: 60, whenStoreDown: "allow" as const };
    const decisions = await checkRateLimits(["a", "b"], policy, store);
    expect(decisions.map((d) => d.allowed)).toEqual([true, true]);
    expect((await checkRateLimit("a", policy, store)).allowed).toBe(true);
    // Counted per decision taken without the store (one per call).
    expect(rateLimitCounters().failedOpen).toBe(before + 2);
  });
});

describe("store failure", () => {
  it("a store that is down is not asked again within the window", async () => {
    resetRateLimitFailures();
    let calls = 0;
    const refused = () => Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:6379"), { code: "ECONNREFUSED" });
    const broken: RateLimitStore = {
      name: "redis",
      attempt: async () => {
        calls++;
        throw refused();
      },
      attemptMany: async () => {
        calls++;
        throw refused();
      },
      peek: async () => {
        throw refused();
      },
      reset: async () => {},
      refund: async () => {},
    };
    const policy = { name: "per-minute", limit: 1, periodSeconds: 60 };
    const first = await checkRateLimit("k", policy, broken);
    const second = await checkRateLimit("k", policy, broken);
    expect([first.allowed, second.allowed]).toEqual([true, false]);
    expect(calls).toBe(1);
    resetRateLimitFailures();
  });

  it("one slow answer falls back for that request only; three in a row mark the store down", async () => {
    resetRateLimitFailures();
    let calls = 0;
    let slow = true;
    const sometimesSlow: RateLimitStore = {
      ...postgresStore,
      name: "redis",
      attempt: async (key, emissionMs, periodMs) => {
        calls++;
        if (slow) throw new Error("Command timed out");
        return postgresStore.attempt(key, emissionMs, periodMs);
      },
    };
    const policy = { name: "per-minute", limit: 100, periodSeconds: 60, whenStoreDown: "allow" as const };
    const key = `slow:${randomUUID()}`;
    await checkRateLimit(key, policy, sometimesSlow);
    slow = false;
    // Answered again at once: the slow answer did not open the window.
    expect((await checkRateLimit(key, policy, sometimesSlow)).remaining).toBe(99);
    expect(calls).toBe(2);
    slow = true;
    for (let i = 0; i < 3; i++) await checkRateLimit(key, policy, sometimesSlow);
    expect(calls).toBe(5);
    // Down now: not asked within the window.
    await checkRateLimit(key, policy, sometimesSlow);
    expect(calls).toBe(5);
    resetRateLimitFailures();
  });

  it("other store errors are not a reason to fall back (they surface)", async () => {
    resetRateLimitFailures();
    const buggy: RateLimitStore = { ...postgresStore, attempt: async () => { throw new Error("index row size exceeds maximum"); } };
    await expect(checkRateLimit("k", { name: "per-minute", limit: 1, periodSeconds: 60 }, buggy)).rejects.toThrow(/index row size/);
  });

  it("a huge key (user input) is stored as a digest and still limits", async () => {
    resetRateLimitFailures();
    const key = `signin:acct:${"x".repeat(20_000)}@example.test:${randomUUID()}`;
    const policy = { name: "per-minute", limit: 1, periodSeconds: 60 };
    expect((await checkRateLimit(key, policy, postgresStore)).allowed).toBe(true);
    expect((await checkRateLimit(key, policy, postgresStore)).allowed).toBe(false);
  });
});
