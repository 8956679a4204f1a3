import { findTenantByDomain, findTenantBySlug, type TenantRoute } from "../db/cross-tenant";
import { env } from "../env";

// Host -> tenant resolution runs on every tenant request; this cache makes most of them free.
// Shared through globalThis because proxy.ts and the app are bundled separately in one process.
// Keys: the slug for subdomains, `@hostname` for custom domains (a slug never starts with @).
type Entry = { tenant: TenantRoute | null; at: number };
const store = globalThis as unknown as { __atriumTenantCache?: Map<string, Entry>; __atriumDomainMisses?: Map<string, number> };
const cache = (store.__atriumTenantCache ??= new Map());
const MAX_ENTRIES = 10_000;

async function cached(key: string, load: () => Promise<TenantRoute | null>): Promise<TenantRoute | null> {
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < env.TENANT_CACHE_TTL_MS) return hit.tenant;
  const tenant = await load();
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  cache.set(key, { tenant, at: Date.now() });
  return tenant;
}

export function resolveTenantBySlug(slug: string): Promise<TenantRoute | null> {
  return cached(slug, () => findTenantBySlug(slug));
}

// Unknown hosts are remembered apart (and fewer of them), so a flood of made-up Host headers
// cannot push real workspaces out of the cache.
const misses = (store.__atriumDomainMisses ??= new Map());
const MAX_MISSES = 2_000;

/** A verified custom domain's tenant (misses are cached too, so they cost one lookup per TTL). */
export async function resolveTenantByDomain(hostname: string): Promise<TenantRoute | null> {
  const miss = misses.get(hostname);
  if (miss !== undefined && Date.now() - miss < env.TENANT_CACHE_TTL_MS) return null;
  const tenant = await cached(`@${hostname}`, () => findTenantByDomain(hostname));
  if (!tenant) {
    cache.delete(`@${hostname}`);
    if (misses.size >= MAX_MISSES) misses.delete(misses.keys().next().value as string);
    misses.set(hostname, Date.now());
  }
  return tenant;
}

/** Called after any change to a tenant's slug, name or status (other instances expire by TTL). */
export function invalidateTenantCache(slug: string): void {
  cache.delete(slug);
  // Its custom domains carry the same status.
  for (const [key, entry] of cache) if (key.startsWith("@") && entry.tenant?.slug === slug) cache.delete(key);
}

/** Called after a custom domain starts or stops routing. */
export function invalidateDomainCache(hostname: string): void {
  cache.delete(`@${hostname}`);
  misses.delete(hostname);
}
