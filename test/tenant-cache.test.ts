import { describe, expect, it } from "vitest";
import { createCache } from "../server/cache/cache";
import { uid } from "./factories";

// Caching on, and long: a remembered "no such workspace" would outlive the test.
process.env.TENANT_CACHE_TTL_MS = "60000";
const { invalidateTenantCache, resolveTenantByDomain, resolveTenantBySlug } = await import("../server/tenants/tenant-cache");
// The same cache by name as tenant-cache.ts's (the registry hands out one per name).
const slugMisses = createCache<{ at: number }>({ name: "tenant-slug-misses", max: 2_000, ttlMs: 60_000 });
const domainMisses = createCache<{ at: number }>({ name: "tenant-domain-misses", max: 2_000, ttlMs: 60_000 });

describe("host to workspace resolution", () => {
  it("a lookup that was on its way while the workspace was created does not remember 'no such workspace'", async () => {
    const slug = `t-${uid()}`;
    const early = resolveTenantBySlug(slug);
    // What creating the workspace does when it commits, while that lookup (which read the
    // database before the commit) has not answered yet.
    invalidateTenantCache(slug);
    expect(await early).toBeNull();
    // Remembered, the new workspace's address would answer "not found" for the cache's lifetime.
    expect(slugMisses.get(slug)).toBeUndefined();
    // A lookup with nothing changing meanwhile is remembered as before.
    expect(await resolveTenantBySlug(slug)).toBeNull();
    expect(slugMisses.get(slug)).toBeDefined();
  });

  it("a workspace change forgets remembered unknown domains too (a restored workspace's domain answers at once)", async () => {
    const hostname = `www.${uid()}.example`;
    expect(await resolveTenantByDomain(hostname)).toBeNull();
    expect(domainMisses.get(hostname)).toBeDefined();
    // What deleting, restoring or suspending a workspace does once it has committed.
    invalidateTenantCache(`t-${uid()}`);
    expect(domainMisses.get(hostname)).toBeUndefined();
  });
});
