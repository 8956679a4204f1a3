import { findTenantBySlug, type TenantRoute } from "../db/cross-tenant";
import { env } from "../env";

// Host -> tenant resolution runs on every tenant request; this cache makes most of them free.
// Shared through globalThis because proxy.ts and the app are bundled separately in one process.
type Entry = { tenant: TenantRoute | null; at: number };
const store = globalThis as unknown as { __atriumTenantCache?: Map<string, Entry> };
const cache = (store.__atriumTenantCache ??= new Map());
const MAX_ENTRIES = 10_000;

export async function resolveTenantBySlug(slug: string): Promise<TenantRoute | null> {
  const ttl = env.TENANT_CACHE_TTL_MS;
  const hit = cache.get(slug);
  if (hit && Date.now() - hit.at < ttl) return hit.tenant;
  const tenant = await findTenantBySlug(slug);
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  cache.set(slug, { tenant, at: Date.now() });
  return tenant;
}

/** Called after any change to a tenant's slug, name or status (other instances expire by TTL). */
export function invalidateTenantCache(slug: string): void {
  cache.delete(slug);
}
