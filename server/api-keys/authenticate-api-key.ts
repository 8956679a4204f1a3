import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import { findApiKeyByHash, type ApiKeyRecord } from "../db/cross-tenant";
import { withTenant } from "../db/with-tenant";
import { apiKeys } from "../db/schema";
import { hashApiKey, looksLikeApiKey } from "./key-format";
import type { ApiScope } from "../../lib/api-scopes";

// Lookups are cached briefly: the hot path costs no query, and a revoked key stops working
// within CACHE_MS everywhere (at once in the instance that revoked it).
const CACHE_MS = 5_000;
const TOUCH_MS = 60_000;
type Entry = { record: ApiKeyRecord | null; at: number };
const store = globalThis as unknown as { __atriumApiKeys?: Map<string, Entry>; __atriumKeyTouches?: Map<string, number> };
const cache = (store.__atriumApiKeys ??= new Map());
const touches = (store.__atriumKeyTouches ??= new Map());

export function invalidateApiKeyCache(keyHash: string): void {
  cache.delete(keyHash);
}

/** Every cached key of a workspace (it was deleted: its keys stop at once in this instance). */
export function invalidateApiKeysOfTenant(tenantId: string): void {
  for (const [hash, entry] of cache) if (entry.record?.tenantId === tenantId) cache.delete(hash);
}

export type ApiPrincipal = { tenantId: string; keyId: string; scopes: ApiScope[] };
export type ApiKeyProblem = "missing" | "malformed" | "unknown" | "revoked" | "expired";

export async function authenticateApiKey(authorization: string | null): Promise<{ principal: ApiPrincipal } | { problem: ApiKeyProblem }> {
  if (!authorization) return { problem: "missing" };
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (!match || !looksLikeApiKey(match[1]!)) return { problem: "malformed" };
  const hash = hashApiKey(match[1]!);
  let entry = cache.get(hash);
  if (!entry || Date.now() - entry.at > CACHE_MS) {
    entry = { record: await findApiKeyByHash(hash), at: Date.now() };
    if (cache.size > 50_000) cache.clear();
    cache.set(hash, entry);
  }
  const record = entry.record;
  if (!record) return { problem: "unknown" };
  if (record.revokedAt) return { problem: "revoked" };
  if (record.expiresAt && record.expiresAt.getTime() <= Date.now()) return { problem: "expired" };
  touchLastUsed(record);
  return { principal: { tenantId: record.tenantId, keyId: record.keyId, scopes: record.scopes as ApiScope[] } };
}

/** last_used_at is written at most once a minute per key (per instance, and guarded in SQL). */
function touchLastUsed(record: ApiKeyRecord): void {
  const last = touches.get(record.keyId) ?? 0;
  if (Date.now() - last < TOUCH_MS) return;
  touches.set(record.keyId, Date.now());
  const write = withTenant(record.tenantId, (tx) =>
    tx
      .update(apiKeys)
      .set({ lastUsedAt: sql`now()` })
      .where(and(eq(apiKeys.id, record.keyId), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, sql`now() - interval '1 minute'`)))),
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
