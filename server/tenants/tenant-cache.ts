import { createCache, type Cache } from "../cache/cache";
import { findTenantByDomain, findTenantBySlug, type TenantRoute } from "../db/cross-tenant";
import { env } from "../env";

// Host -> tenant resolution runs on every tenant request (proxy.ts and the request context);
// these bounded caches (server/cache) make most of them free. TENANT_CACHE_TTL_MS=0 turns them off.
type Entry = { tenant: TenantRoute | null };
// Created on first use (same name, same cache), so the TTL is the one configured by then.
const ttlMs = () => Math.max(1, env.TENANT_CACHE_TTL_MS);
const bySlug = () => createCache<Entry>({ name: "tenant-by-slug", max: 10_000, ttlMs: ttlMs() });
const byDomain = () => createCache<Entry>({ name: "tenant-by-domain", max: 10_000, ttlMs: ttlMs() });
// Unknown hosts are remembered apart (and fewer of them), so a flood of made-up Host headers
// cannot push real workspaces out of the cache.
const domainMisses = () => createCache<{ at: number }>({ name: "tenant-domain-misses", max: 2_000, ttlMs: ttlMs() });

const caching = () => env.TENANT_CACHE_TTL_MS > 0;

const slugMisses = () => createCache<{ at: number }>({ name: "tenant-slug-misses", max: 2_000, ttlMs: ttlMs() });

/**
 * One lookup per key and TTL. Misses (made-up subdomains and Host headers) are remembered in
 * their own smaller cache, so a flood of them cannot push real workspaces out.
 */
async function resolveCached(hits: Cache<Entry>, misses: Cache<{ at: number }>, key: string, load: () => Promise<TenantRoute | null>): Promise<TenantRoute | null> {
  if (misses.get(key)) return null;
  // A miss is not kept among the hits (nor announced to other instances as an invalidation) but
  // among the misses, and only when `keep` is asked: that is, when nothing invalidated the key
  // while it loaded. A lookup that read the database just before the workspace was created
  // would otherwise keep its new address answering "not found" for the cache's lifetime.
  const { tenant } = await hits.getOrLoad(key, async () => ({ tenant: await load() }), {
    keep: (entry) => {
      if (entry.tenant === null) misses.set(key, { at: Date.now() });
      return entry.tenant !== null;
    },
  });
  return tenant;
}

export function resolveTenantBySlug(slug: string): Promise<TenantRoute | null> {
  if (!caching()) return findTenantBySlug(slug);
  return resolveCached(bySlug(), slugMisses(), slug, () => findTenantBySlug(slug));
}

/** A verified custom domain's tenant. */
export function resolveTenantByDomain(hostname: string): Promise<TenantRoute | null> {
  if (!caching()) return findTenantByDomain(hostname);
  return resolveCached(byDomain(), domainMisses(), hostname, () => findTenantByDomain(hostname));
}

/** Called after any change to a tenant's slug, name or status (other instances expire by TTL). */
export function invalidateTenantCache(slug: string): void {
  bySlug().delete(slug);
  slugMisses().delete(slug);
  // Its custom domains carry the same status; such changes are rare, so every domain entry goes,
  // and every remembered miss too (a restored workspace's domains must answer again at once).
  byDomain().clear();
  domainMisses().clear();
}

/** Called after a custom domain starts or stops routing. */
export function invalidateDomainCache(hostname: string): void {
  byDomain().delete(hostname);
  domainMisses().delete(hostname);
}
