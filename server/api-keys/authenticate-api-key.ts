import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import { createCache } from "../cache/cache";
import { findApiKeyByHash, type ApiKeyRecord } from "../db/cross-tenant";
import { withTenant } from "../db/with-tenant";
import { apiKeys } from "../db/schema";
import { hashApiKey, looksLikeApiKey } from "./key-format";
import { addressBucket } from "../rate-limit/address-bucket";
import { checkRateLimit, refundRateLimit } from "../rate-limit/gcra";
import { createMemoryStore } from "../rate-limit/memory-store";
import type { ApiScope } from "../../lib/api-scopes";

// Lookups are cached briefly: the hot path costs no query. Revoking or rotating a key drops its
// entry after the commit, so it stops at once in the instance that changed it (a lookup that was
// running meanwhile cannot put the old record back, see server/cache/cache.ts); other instances
// follow within CACHE_MS. Unknown keys are cached too (as `null`), so guessing costs no query
// either; the cache is bounded, so guessing can only evict, never grow memory.
const CACHE_MS = 5_000;
const TOUCH_MS = 60_000;
const keys = createCache<{ record: ApiKeyRecord | null }>({ name: "api-keys", max: 20_000, ttlMs: CACHE_MS });
// A key id is present while its last_used_at was written less than TOUCH_MS ago (by this instance:
// not shared, each instance throttles its own writes).
const touches = createCache<{ at: number }>({ name: "api-key-touches", max: 20_000, ttlMs: TOUCH_MS, shared: false });

export function invalidateApiKeyCache(keyHash: string): void {
  keys.delete(keyHash);
}

/** A workspace was deleted: its keys stop at once in this instance (rare, so the whole cache goes). */
export function invalidateAllApiKeys(): void {
  keys.clear();
}

export type ApiPrincipal = { tenantId: string; keyId: string; scopes: ApiScope[] };
export type ApiKeyProblem = "missing" | "malformed" | "unknown" | "revoked" | "expired" | "throttled";

// Lookups that miss the cache cost a query. Guessing sends a new key every time (each one a miss):
// enough of them from one address fill the pool and the API's in-flight slots, and everyone gets
// 503s. So one address may have this many lookups a minute find no usable key (per instance: the
// count is this process's own, atomic and free, and it protects this process's pool); past that,
// its uncached keys are refused before any query. A lookup takes its place before it runs (so
// requests sent all at once cannot slip past) and gives it back when the key is valid: valid keys
// never count.
export const FAILED_LOOKUPS_PER_ADDRESS_PER_MINUTE = 60;
const lookupPolicy = { name: "api-key-lookup", limit: FAILED_LOOKUPS_PER_ADDRESS_PER_MINUTE, periodSeconds: 60, whenStoreDown: "allow" as const };
const lookupHolder = globalThis as unknown as { __atriumKeyLookups?: ReturnType<typeof createMemoryStore> };
const lookups = (lookupHolder.__atriumKeyLookups ??= createMemoryStore());
// A key found unusable stays so (an unknown key never becomes one, a revoked or expired one never
// comes back): remembered for longer than the lookup cache, so a deployment still sending an old key
// costs one lookup every few minutes, not one every few seconds, and does not fill its own bucket.
const refusals = createCache<{ problem: "unknown" | "revoked" | "expired" }>({ name: "api-key-refusals", max: 20_000, ttlMs: 10 * 60_000, shared: false });

export async function authenticateApiKey(authorization: string | null, address: string | null = null): Promise<{ principal: ApiPrincipal } | { problem: ApiKeyProblem; retryAfterSeconds?: number }> {
  if (!authorization) return { problem: "missing" };
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (!match || !looksLikeApiKey(match[1]!)) return { problem: "malformed" };
  const hash = hashApiKey(match[1]!);
  const refused = refusals.get(hash);
  if (refused) return { problem: refused.problem };
  // Only a known address is limited: without one (no peer address, an untrusted proxy setup) every
  // caller would share one bucket, and one guesser would lock everyone out.
  const bucket = address && !keys.get(hash) ? `api-key-lookup:${addressBucket(address)}` : null;
  if (bucket) {
    const decision = await checkRateLimit(bucket, lookupPolicy, lookups);
    if (!decision.allowed) return { problem: "throttled", retryAfterSeconds: decision.retryAfterSeconds };
  }
  const { record } = await keys.getOrLoad(hash, async () => ({ record: await findApiKeyByHash(hash) }));
  const problem = !record ? "unknown" : record.revokedAt ? "revoked" : record.expiresAt && record.expiresAt.getTime() <= Date.now() ? "expired" : null;
  if (problem || !record) {
    refusals.set(hash, { problem: problem ?? "unknown" });
    return { problem: problem ?? "unknown" };
  }
  if (bucket) await refundRateLimit(bucket, lookupPolicy, lookups);
  touchLastUsed(record);
  return { principal: { tenantId: record.tenantId, keyId: record.keyId, scopes: record.scopes as ApiScope[] } };
}

/** last_used_at is written at most once a minute per key (per instance, and guarded in SQL). */
function touchLastUsed(record: ApiKeyRecord): void {
  if (touches.get(record.keyId)) return;
  touches.set(record.keyId, { at: Date.now() });
  const write = withTenant(record.tenantId, (tx) =>
    tx
      .update(apiKeys)
      .set({ lastUsedAt: sql`now()` })
      .where(and(eq(apiKeys.tenantId, record.tenantId), eq(apiKeys.id, record.keyId), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, sql`now() - interval '1 minute'`)))),
  )
    .then(() => undefined)
    .catch(() => {
      touches.delete(record.keyId);
    })
    .finally(() => inflight.delete(write));
  inflight.add(write);
}

const inflight = new Set<Promise<void>>();

/** Waits for last-used writes still running (before the database pool closes: tests, shutdown). */
export async function settleLastUsedWrites(): Promise<void> {
  await Promise.all([...inflight]);
}
