import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import { createCache } from "../cache/cache";
import { findApiKeyByHash, type ApiKeyRecord } from "../db/cross-tenant";
import { withTenant } from "../db/with-tenant";
import { apiKeys } from "../db/schema";
import { hashApiKey, looksLikeApiKey } from "./key-format";
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
export type ApiKeyProblem = "missing" | "malformed" | "unknown" | "revoked" | "expired";

export async function authenticateApiKey(authorization: string | null): Promise<{ principal: ApiPrincipal } | { problem: ApiKeyProblem }> {
  if (!authorization) return { problem: "missing" };
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (!match || !looksLikeApiKey(match[1]!)) return { problem: "malformed" };
  const hash = hashApiKey(match[1]!);
  const { record } = await keys.getOrLoad(hash, async () => ({ record: await findApiKeyByHash(hash) }));
  if (!record) return { problem: "unknown" };
  if (record.revokedAt) return { problem: "revoked" };
  if (record.expiresAt && record.expiresAt.getTime() <= Date.now()) return { problem: "expired" };
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
