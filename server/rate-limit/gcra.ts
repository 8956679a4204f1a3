import { createHash } from "node:crypto";
import Redis from "ioredis";
import { getDb } from "../db/client";
import { env } from "../env";
import { logger } from "../logger";
import { metrics } from "../metrics/metrics";
import { createMemoryStore } from "./memory-store";
import { postgresStoreOn } from "./postgres-store";

export { postgresStoreOn };

// Generic cell rate algorithm: `limit` requests per `periodSeconds`, with a burst of the whole
// period. One number per key (the theoretical arrival time, TAT) is all the state there is.

export type RateLimitPolicy = {
  name: string;
  limit: number;
  periodSeconds: number;
  /**
   * While the shared store is unreachable: "in-process" (the default, for sign-in, sign-up and
   * other abuse throttles) keeps limiting with this instance's own GCRA buckets; "allow" (API
   * rate limits only, where availability wins) lets requests through, logged and counted.
   */
  whenStoreDown?: "in-process" | "allow";
};
export type RateLimitDecision = {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the bucket is full again. */
  resetSeconds: number;
  /** Seconds to wait before retrying (0 when allowed). */
  retryAfterSeconds: number;
  policy: RateLimitPolicy;
};

export interface RateLimitStore {
  readonly name: "postgres" | "redis" | "memory";
  /** Returns the TAT in ms after the attempt, and whether it was admitted. */
  attempt(key: string, emissionMs: number, periodMs: number): Promise<{ allowed: boolean; tatMs: number; nowMs: number }>;
  /** Several keys under one policy in one round trip (e.g. per tenant and per API key). */
  attemptMany(keys: string[], emissionMs: number, periodMs: number): Promise<{ allowed: boolean; tatMs: number; nowMs: number }[]>;
  /** Whether an attempt would be admitted now, without spending anything. */
  peek(key: string, emissionMs: number, periodMs: number): Promise<{ allowed: boolean; tatMs: number; nowMs: number }>;
  reset(key: string): Promise<void>;
  refund(key: string, emissionMs: number): Promise<void>;
}

export function decide(policy: RateLimitPolicy, result: { allowed: boolean; tatMs: number; nowMs: number }): RateLimitDecision {
  const periodMs = policy.periodSeconds * 1000;
  const emission = periodMs / policy.limit;
  const backlog = Math.max(0, result.tatMs - result.nowMs);
  const remaining = Math.max(0, Math.floor((periodMs - backlog) / emission));
  return {
    allowed: result.allowed,
    limit: policy.limit,
    remaining,
    resetSeconds: Math.ceil(backlog / 1000),
    retryAfterSeconds: result.allowed ? 0 : Math.max(1, Math.ceil((backlog + emission - periodMs) / 1000)),
    policy,
  };
}

export const postgresStore: RateLimitStore = postgresStoreOn(getDb);

const PEEK_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
if tat < now then tat = now end
if tat + tonumber(ARGV[1]) - now <= tonumber(ARGV[2]) then return {1, tat, now} end
return {0, tat, now}`;

const GCRA_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local emission = tonumber(ARGV[1])
local period = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
if tat < now then tat = now end
local new_tat = tat + emission
if new_tat - now <= period then
  redis.call('SET', KEYS[1], new_tat, 'PX', math.ceil(period + emission))
  return {1, new_tat, now}
end
return {0, tat, now}`;

const redisStores = new Map<string, RateLimitStore & { client: Redis }>();

/** Whether the rate limiter's Redis answers a PING (readiness; the same client the limiter uses). */
export async function pingRateLimitRedis(url: string): Promise<boolean> {
  redisStore(url);
  return (await redisStores.get(url)!.client.ping()) === "PONG";
}

/** A Redis-backed store, so several app instances share one limit. One client per URL. */
export function redisStore(url: string): RateLimitStore {
  let store = redisStores.get(url);
  if (!store) {
    // Commands wait for the first connection, but never long: a store that does not answer
    // within commandTimeout counts as down (and the limiter fails open for a while).
    const client = new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 1000, commandTimeout: 500 });
    client.on("error", () => {});
    store = {
      name: "redis",
      client,
      async attempt(key, emissionMs, periodMs) {
        const [allowed, tat, now] = (await client.eval(GCRA_LUA, 1, `atrium:rl:${key}`, emissionMs, periodMs)) as [number, number, number];
        return { allowed: allowed === 1, tatMs: Number(tat), nowMs: Number(now) };
      },
      async peek(key, emissionMs, periodMs) {
        const [allowed, tat, now] = (await client.eval(PEEK_LUA, 1, `atrium:rl:${key}`, emissionMs, periodMs)) as [number, number, number];
        return { allowed: allowed === 1, tatMs: Number(tat), nowMs: Number(now) };
      },
      async reset(key) {
        await client.del(`atrium:rl:${key}`);
      },
      async refund(key, emissionMs) {
        await client.eval(`if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('SET', KEYS[1], tonumber(redis.call('GET', KEYS[1])) - tonumber(ARGV[1]), 'KEEPTTL') end return 1`, 1, `atrium:rl:${key}`, emissionMs);
      },
      async attemptMany(keys, emissionMs, periodMs) {
        const pipeline = client.pipeline();
        for (const key of keys) pipeline.eval(GCRA_LUA, 1, `atrium:rl:${key}`, emissionMs, periodMs);
        const results = (await pipeline.exec()) ?? [];
        return results.map(([error, value]) => {
          if (error) throw error;
          const [allowed, tat, now] = value as [number, number, number];
          return { allowed: allowed === 1, tatMs: Number(tat), nowMs: Number(now) };
        });
      },
    };
    redisStores.set(url, store);
  }
  return store;
}

/** Closes Redis connections (tests and graceful shutdown). */
export function closeRateLimitStores(): void {
  for (const store of redisStores.values()) store.client.disconnect();
  redisStores.clear();
}

export function defaultStore(): RateLimitStore {
  return env.REDIS_URL ? redisStore(env.REDIS_URL) : postgresStore;
}

// When the shared store is unreachable, it is not asked again for a short window (every call
// would otherwise wait for its timeout). Meanwhile abuse throttles use the in-process store and
// API limits let traffic through; both are counted, and the outage is logged once per window.
// Any other error is a bug and is thrown.
const DOWN_MS = 10_000;
const state = globalThis as unknown as { __atriumRlDown?: Map<RateLimitStore, number>; __atriumRlMemory?: ReturnType<typeof createMemoryStore> };
const downUntil = (state.__atriumRlDown ??= new Map());
const memory = () => (state.__atriumRlMemory ??= createMemoryStore());

const counters = { storeFailures: 0, inProcessDecisions: 0, failedOpen: 0 };

/**
 * In-process metric counters: store failures seen, decisions taken by the in-process fallback,
 * and API requests let through unlimited while the store was down.
 */
export function rateLimitCounters(): Readonly<typeof counters> {
  return { ...counters };
}

const UNAVAILABLE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN", "CONNECTION_CLOSED", "CONNECTION_ENDED", "CONNECTION_DESTROYED", "CONNECT_TIMEOUT", "57P01", "57P02", "57P03", "53300", "08000", "08001", "08003", "08006"]);

function isStoreUnavailable(error: unknown): boolean {
  const candidates = [error, (error as { cause?: unknown })?.cause];
  return candidates.some((e) => {
    const code = (e as { code?: string; errno?: string } | undefined)?.code;
    const message = (e as Error | undefined)?.message ?? "";
    return (code && UNAVAILABLE_CODES.has(code)) || /Connection is closed|connect ECONN|Command timed out|Stream isn't writeable|max retries|write CONNECTION_CLOSED/i.test(message);
  });
}

/** Keys may carry user input (emails): store a fixed-size digest, never the raw text. */
function storeKey(key: string): string {
  return createHash("sha256").update(key).digest("base64url");
}

function isDown(store: RateLimitStore): boolean {
  return (downUntil.get(store) ?? 0) > Date.now();
}

// A single slow answer (a busy machine, a GC pause) falls back for that request only; this many
// in a row, or any connection failure, mark the store down for DOWN_MS.
const SLOW_ANSWERS_BEFORE_DOWN = 3;
const slowAnswers = new Map<RateLimitStore, number>();

function onStoreError(store: RateLimitStore, error: unknown): void {
  if (!isStoreUnavailable(error)) throw error;
  counters.storeFailures++;
  const slow = /Command timed out/i.test((error as Error | undefined)?.message ?? "");
  const inARow = slow ? (slowAnswers.get(store) ?? 0) + 1 : SLOW_ANSWERS_BEFORE_DOWN;
  slowAnswers.set(store, inARow);
  if (inARow < SLOW_ANSWERS_BEFORE_DOWN) {
    logger.warn("rate-limit store answered too slowly; this request used the fallback", { store: store.name, inARow });
    return;
  }
  slowAnswers.delete(store);
  downUntil.set(store, Date.now() + DOWN_MS);
  // The driver's cause only: a wrapped query error's message would carry the statement's parameters.
  const cause = ((error as { cause?: unknown }).cause ?? error) as { code?: string; message?: string };
  logger.error("rate-limit store unavailable: abuse throttles use in-process limits, API rate limits are not enforced", {
    store: store.name,
    forMs: DOWN_MS,
    code: cause.code,
    reason: cause.message,
  });
}

/** Runs `op` on the store, or on the fallback while it is down (see whenStoreDown). */
async function guarded<T>(store: RateLimitStore, policy: RateLimitPolicy, op: (s: RateLimitStore) => Promise<T>, allow: () => T): Promise<T> {
  if (!isDown(store)) {
    try {
      const result = await op(store);
      slowAnswers.delete(store);
      return result;
    } catch (error) {
      onStoreError(store, error);
    }
  }
  if (policy.whenStoreDown === "allow") {
    counters.failedOpen++;
    return allow();
  }
  counters.inProcessDecisions++;
  return op(memory());
}

function unlimited(policy: RateLimitPolicy): RateLimitDecision {
  return { allowed: true, limit: policy.limit, remaining: policy.limit, resetSeconds: 0, retryAfterSeconds: 0, policy };
}

export async function checkRateLimit(key: string, policy: RateLimitPolicy, store: RateLimitStore = defaultStore()): Promise<RateLimitDecision> {
  const periodMs = policy.periodSeconds * 1000;
  const emissionMs = periodMs / policy.limit;
  const decision = await guarded(store, policy, async (s) => decide(policy, await s.attempt(storeKey(key), emissionMs, periodMs)), () => unlimited(policy));
  if (!decision.allowed) metrics().rateLimitRejections.inc({ policy: policy.name });
  return decision;
}

/** Checks several keys under one policy at once; one decision per key, in order. */
export async function checkRateLimits(keys: string[], policy: RateLimitPolicy, store: RateLimitStore = defaultStore()): Promise<RateLimitDecision[]> {
  const periodMs = policy.periodSeconds * 1000;
  const emissionMs = periodMs / policy.limit;
  const decisions = await guarded(
    store,
    policy,
    async (s) => (await s.attemptMany(keys.map(storeKey), emissionMs, periodMs)).map((r) => decide(policy, r)),
    () => keys.map(() => unlimited(policy)),
  );
  // One request refused, whichever of its keys refused it.
  if (decisions.some((d) => !d.allowed)) metrics().rateLimitRejections.inc({ policy: policy.name });
  return decisions;
}

/** Whether a request would be admitted, without counting it (same fallback as checkRateLimit). */
export async function peekRateLimit(key: string, policy: RateLimitPolicy, store: RateLimitStore = defaultStore()): Promise<RateLimitDecision> {
  const periodMs = policy.periodSeconds * 1000;
  return guarded(store, policy, async (s) => decide(policy, await s.peek(storeKey(key), periodMs / policy.limit, periodMs)), () => unlimited(policy));
}

export async function resetRateLimit(key: string, store: RateLimitStore = defaultStore()): Promise<void> {
  await memory().reset(storeKey(key));
  await store.reset(storeKey(key)).catch(() => undefined);
}

/** Gives one spent request back (e.g. a sign-in attempt that turned out to be correct). */
export async function refundRateLimit(key: string, policy: RateLimitPolicy, store: RateLimitStore = defaultStore()): Promise<void> {
  const emissionMs = (policy.periodSeconds * 1000) / policy.limit;
  if (isDown(store)) return memory().refund(storeKey(key), emissionMs);
  await store.refund(storeKey(key), emissionMs).catch(() => undefined);
}

/** Test hook: forget failure windows and the in-process buckets. */
export function resetRateLimitFailures(): void {
  downUntil.clear();
  slowAnswers.clear();
  state.__atriumRlMemory = undefined;
}

/** IETF RateLimit headers (draft-ietf-httpapi-ratelimit-headers), plus Retry-After when limited. */
export function rateLimitHeaders(decision: RateLimitDecision): Record<string, string> {
  const headers: Record<string, string> = {
    "RateLimit-Policy": `"${decision.policy.name}";q=${decision.limit};w=${decision.policy.periodSeconds}`,
    RateLimit: `"${decision.policy.name}";r=${decision.remaining};t=${decision.resetSeconds}`,
  };
  if (!decision.allowed) headers["Retry-After"] = String(decision.retryAfterSeconds);
  return headers;
}
