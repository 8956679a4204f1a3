import { forgetSsoPolicy } from "../sso/sso-enforcement";
import { invalidateUsageSnapshot } from "../usage/usage-snapshot";
import { invalidateTenantCache } from "./tenant-cache";

export type ForgetWorkspaceCachesOptions = { tenantId: string; slug: string };

/**
 * Drops what instances cache about a workspace whose status, plan, overrides, name or existence
 * changed: its host routing (status: the suspended notice, a deleted workspace's 404), the API's
 * snapshot (status, plan, limits, features) and its SSO enforcement (a plan feature). Call it after
 * the commit; with REDIS_URL every instance follows within a second (server/cache/broadcast-invalidations.ts),
 * without it this instance at once and others within each cache's TTL.
 */
export function forgetWorkspaceCaches({ tenantId, slug }: ForgetWorkspaceCachesOptions): void {
  invalidateTenantCache(slug);
  invalidateUsageSnapshot(tenantId);
  forgetSsoPolicy(tenantId);
}
