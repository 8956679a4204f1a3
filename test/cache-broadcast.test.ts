import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import readline from "node:readline";
import Redis from "ioredis";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { CacheBroadcastStats } from "../server/cache/broadcast-invalidations";
import { answers, freePort, privateRedis, tcpRelay, type PrivateRedis, type Relay } from "./redis-server";

// Cache invalidations between instances over Redis pub/sub, with real processes (each has its own
// cache registry) and real Redis: the shared one on 127.0.0.1:6379 (TEST_REDIS_URL), or a private
// redis-server where a test stops and restarts it. Every run uses a channel of its own.

const SHARED_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const RUN = randomUUID();
const CHANNEL = `atrium-test:${RUN}:cache-invalidations`;

type Reply = { id: number; ok: boolean; value?: string | null; stats: CacheBroadcastStats; tookMs: number };
type CacheName = "long" | "medium" | "local";

type Instance = {
  set(cache: CacheName, key: string, value: string): Promise<Reply>;
  get(cache: CacheName, key: string): Promise<string | null>;
  delete(cache: CacheName, key: string): Promise<Reply>;
  clear(cache: CacheName): Promise<Reply>;
  stats(): Promise<CacheBroadcastStats>;
  /** Kills the process, or with `graceful` lets the broadcast stop (publishing what is pending) first. */
  stop(options?: { graceful?: boolean }): Promise<void>;
  output(): string;
};

const running = new Set<Instance>();
const servers = new Set<PrivateRedis | Relay>();
afterEach(async () => {
  for (const instance of running) await instance.stop();
  running.clear();
});
afterAll(async () => {
  for (const server of servers) await ("kill" in server ? server.kill() : server.close());
});

async function startInstance(redisUrl: string, { healthCheckMs }: { healthCheckMs?: number } = {}): Promise<Instance> {
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "test/cache-broadcast-child.ts"], {
    env: { ...process.env, CACHE_TEST_REDIS_URL: redisUrl, CACHE_TEST_CHANNEL: CHANNEL, LOG_LEVEL: "info", ...(healthCheckMs ? { CACHE_TEST_HEALTH_MS: String(healthCheckMs) } : {}) },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let output = "";
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const waiting = new Map<number, (reply: Reply) => void>();
  let ready: () => void;
  const started = new Promise<void>((resolve) => (ready = resolve));
  readline.createInterface({ input: child.stdout }).on("line", (line) => {
    output += `${line}\n`;
    if (line === "READY") return ready();
    if (!line.startsWith("{")) return;
    const reply = JSON.parse(line) as Reply;
    waiting.get(reply.id)?.(reply);
    waiting.delete(reply.id);
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await Promise.race([started, exited.then(() => Promise.reject(new Error(`instance exited early:\n${output}`)))]);
  let next = 0;
  const send = (op: string, cache?: CacheName, key?: string, value?: string) =>
    new Promise<Reply>((resolve, reject) => {
      const id = ++next;
      waiting.set(id, resolve);
      child.stdin.write(`${JSON.stringify({ id, op, cache, key, value })}\n`);
      setTimeout(() => reject(new Error(`no answer to ${op} within 5 s:\n${output}`)), 5_000).unref();
    });
  const instance: Instance = {
    set: (cache, key, value) => send("set", cache, key, value),
    get: async (cache, key) => (await send("get", cache, key)).value ?? null,
    delete: (cache, key) => send("delete", cache, key),
    clear: (cache) => send("clear", cache),
    stats: async () => (await send("stats")).stats,
    async stop({ graceful = false } = {}) {
      running.delete(instance);
      if (child.exitCode !== null) return;
      if (graceful) await send("stop");
      else child.kill("SIGKILL");
      await exited;
    },
    output: () => output,
  };
  running.add(instance);
  return instance;
}

/** Polls until `check` holds; returns how long it took. */
async function within(limitMs: number, check: () => Promise<boolean>, what: string): Promise<number> {
  const started = performance.now();
  for (;;) {
    if (await check()) return performance.now() - started;
    if (performance.now() - started > limitMs) throw new Error(`not within ${limitMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const subscribed = (instance: Instance, times = 1) => async () => {
  const stats = await instance.stats();
  return stats.subscribed && stats.resubscribed >= times;
};

async function startedPrivateRedis(): Promise<PrivateRedis> {
  const redis = privateRedis(await freePort());
  servers.add(redis);
  await redis.start();
  return redis;
}

async function sharedRedisUrl(): Promise<string> {
  const url = new URL(SHARED_URL);
  if (await answers(Number(url.port || 6379), url.hostname)) return SHARED_URL;
  // No shared server here: the same test on a private one (it is still a real Redis).
  return (await startedPrivateRedis()).url;
}

describe("cache invalidations over Redis", () => {
  it("a delete or clear in one instance is applied in the other within a second; no echo; local caches stay local", async () => {
    const url = await sharedRedisUrl();
    const [a, b] = await Promise.all([startInstance(url), startInstance(url)]);
    await within(5_000, async () => (await subscribed(a)()) && (await subscribed(b)()), "both subscribed");

    await a.set("long", "key-1", "a");
    await b.set("long", "key-1", "b");
    await b.set("long", "key-2", "b");
    await a.set("medium", "key-3", "a");
    await b.set("local", "key-4", "b");

    await a.delete("long", "key-1");
    expect(await within(1_000, async () => (await b.get("long", "key-1")) === null, "B drops key-1")).toBeLessThan(1_000);
    expect(await b.get("long", "key-2")).toBe("b");

    // The other way round, in a cache whose entries the reconnect rule does not touch.
    await b.delete("medium", "key-3");
    await within(1_000, async () => (await a.get("medium", "key-3")) === null, "A drops key-3");

    // A local cache's delete is not published: a later shared delete arrives, the local entry stays.
    await a.delete("local", "key-4");
    await b.set("long", "key-5", "b");
    await a.delete("long", "key-5");
    await within(1_000, async () => (await b.get("long", "key-5")) === null, "B drops key-5");
    expect(await b.get("local", "key-4")).toBe("b");

    await a.clear("long");
    await within(1_000, async () => (await b.get("long", "key-2")) === null, "B's long cache cleared");

    // Each instance hears its own messages on the channel and ignores them.
    const [statsA, statsB] = await Promise.all([a.stats(), b.stats()]);
    expect(statsA.ignoredOwn).toBe(statsA.published);
    expect(statsA.published).toBe(3);
    expect(statsB.applied).toBe(3);
    expect(statsB.ignoredOwn).toBe(statsB.published);
    expect(statsA.applied).toBe(1);
  });

  it("a message that is not ours is counted and ignored, and nothing breaks", async () => {
    const url = await sharedRedisUrl();
    const [a, b] = await Promise.all([startInstance(url), startInstance(url)]);
    await within(5_000, async () => (await subscribed(a)()) && (await subscribed(b)()), "both subscribed");
    const redis = new Redis(url, { maxRetriesPerRequest: 1 });
    try {
      for (const junk of ["not json", "null", JSON.stringify({ from: "x", items: [[1, 2]] }), JSON.stringify({ from: "x", items: "all" })]) await redis.publish(CHANNEL, junk);
      await within(1_000, async () => (await b.stats()).malformed === 4, "four malformed messages seen");
    } finally {
      redis.disconnect();
    }
    await b.set("long", "key", "b");
    await a.delete("long", "key");
    await within(1_000, async () => (await b.get("long", "key")) === null, "B still applies A's delete");
  });

  it("a process that invalidates and stops at once (a one-shot script) still publishes what it invalidated", async () => {
    const url = await sharedRedisUrl();
    const b = await startInstance(url);
    await within(5_000, subscribed(b), "B subscribed");
    await b.set("medium", "script", "b");
    const script = await startInstance(url);
    await script.delete("medium", "script");
    await script.stop({ graceful: true });
    await within(1_000, async () => (await b.get("medium", "script")) === null, "B drops the key the script deleted");
  });

  it("Redis down at start: caches work without waiting for it; once it is up, long-lived entries go and broadcasting starts", async () => {
    const redis = privateRedis(await freePort());
    servers.add(redis);
    const [a, b] = await Promise.all([startInstance(redis.url), startInstance(redis.url)]);

    const set = await a.set("long", "loaded-during-outage", "a");
    expect(set.tookMs).toBeLessThan(50);
    expect(set.stats.subscribed).toBe(false);
    expect(await a.get("long", "loaded-during-outage")).toBe("a");
    const deleted = await a.delete("medium", "anything");
    expect(deleted.tookMs).toBeLessThan(50);

    await redis.start();
    await within(10_000, async () => (await subscribed(a)()) && (await subscribed(b)()), "both subscribed once Redis is up");
    // Invalidations may have been missed while it was down: entries that outlive the promise are gone.
    expect(await a.get("long", "loaded-during-outage")).toBeNull();

    await b.set("medium", "after", "b");
    await a.delete("medium", "after");
    expect(await within(1_000, async () => (await b.get("medium", "after")) === null, "B drops the key")).toBeLessThan(1_000);
  });

  it("Redis restarting: requests never wait, stale long-lived entries are dropped, and broadcasting resumes", async () => {
    const redis = await startedPrivateRedis();
    const [a, b] = await Promise.all([startInstance(redis.url), startInstance(redis.url)]);
    await within(5_000, async () => (await subscribed(a)()) && (await subscribed(b)()), "both subscribed");

    await redis.kill();
    await within(5_000, async () => !(await a.stats()).subscribed && !(await b.stats()).subscribed, "both notice the outage");
    const during = await b.set("long", "stale", "b");
    expect(during.tookMs).toBeLessThan(50);
    expect((await a.delete("long", "stale")).tookMs).toBeLessThan(50);
    expect(await b.get("long", "stale")).toBe("b");

    await redis.start();
    await within(10_000, async () => (await subscribed(a, 2)()) && (await subscribed(b, 2)()), "both subscribed again");
    expect(await b.get("long", "stale")).toBeNull();

    await b.set("medium", "after-restart", "b");
    await a.delete("medium", "after-restart");
    expect(await within(1_000, async () => (await b.get("medium", "after-restart")) === null, "B drops the key")).toBeLessThan(1_000);
    expect(a.output()).toMatch(/Redis unreachable/);
  });

  it("an instance cut off from Redis keeps its invalidations and publishes them when it is back", async () => {
    const redis = await startedPrivateRedis();
    const relay = await tcpRelay(redis.port);
    servers.add(relay);
    const a = await startInstance(relay.url);
    const b = await startInstance(redis.url);
    await within(5_000, async () => (await subscribed(a)()) && (await subscribed(b)()), "both subscribed");
    await b.set("medium", "queued", "b");
    await b.set("medium", "kept", "b");

    await relay.cut();
    await within(5_000, async () => !(await a.stats()).subscribed, "A notices");
    await a.delete("medium", "queued");
    expect((await a.stats()).pending).toBe(1);
    expect(await b.get("medium", "queued")).toBe("b");

    await relay.restore();
    // B stayed subscribed throughout and its medium entries are not cleared by any reconnect rule:
    // only A's queued message can drop this key.
    await within(10_000, async () => (await b.get("medium", "queued")) === null, "B drops the key A deleted while cut off");
    expect(await b.get("medium", "kept")).toBe("b");
    expect((await a.stats()).pending).toBe(0);
  });

  it("a connection that dies silently (no FIN, no RST) is noticed by the health check and replaced", async () => {
    const redis = await startedPrivateRedis();
    const relay = await tcpRelay(redis.port);
    servers.add(relay);
    const a = await startInstance(relay.url, { healthCheckMs: 300 });
    const b = await startInstance(redis.url);
    await within(5_000, async () => (await subscribed(a)()) && (await subscribed(b)()), "both subscribed");
    await a.set("long", "missed", "a");

    relay.freeze();
    // This message never reaches A: its connection still looks open, but nothing comes through.
    await b.delete("long", "missed");
    await within(5_000, async () => !(await a.stats()).subscribed, "A's health check notices");
    expect(await a.get("long", "missed")).toBe("a");

    relay.thaw();
    await within(10_000, subscribed(a, 2), "A subscribed again");
    expect(await a.get("long", "missed")).toBeNull();
  });
});
