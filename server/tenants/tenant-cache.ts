import { createCache } from "../cache/cache";
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

export async function resolveTenantBySlug(slug: string): Promise<TenantRoute | null> {
  if (!caching()) return findTenantBySlug(slug);
  if (slugMisses().get(slug)) return null;
  const { tenant } = await bySlug().getOrLoad(slug, async () => ({ tenant: await findTenantBySlug(slug) }));
  if (!tenant) {
    // Made-up subdomains are remembered apart, so they cannot push real workspaces out.
    bySlug().delete(slug);
    slugMisses().set(slug, { at: Date.now() });
  }
  return tenant;
}

/** A verified custom domain's tenant (misses are cached too, so they cost one lookup per TTL). */
export async function resolveTenantByDomain(hostname: string): Promise<TenantRoute | null> {
  if (!caching()) return findTenantByDomain(hostname);
  if (domainMisses().get(hostname)) return null;
  const { tenant } = await byDomain().getOrLoad(hostname, async () => ({ tenant: await findTenantByDomain(hostname) }));
  if (!tenant) {
    byDomain().delete(hostname);
    domainMisses().set(hostname, { at: Date.now() });
  }
  return tenant;
}

/** Called after any change to a tenant's slug, name or status (other instances expire by TTL). */
export function invalidateTenantCache(slug: string): void {
  bySlug().delete(slug);
  slugMisses().delete(slug);
  // Its custom domains carry the same status; such changes are rare, so every domain entry goes.
  byDomain().clear();
}

/** Called after a custom domain starts or stops routing. */
export function invalidateDomainCache(hostname: string): void {
  byDomain().delete(hostname);
  domainMisses().delete(hostname);
}
