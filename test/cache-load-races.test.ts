import { describe, expect, it } from "vitest";
import { forgetSessionVersion, getSessionVersion } from "../server/auth/session-version";
import { createCache } from "../server/cache/cache";
import { readTogether } from "../server/db/with-tenant";
import { forgetSsoPolicy, ssoSignInRequired } from "../server/sso/sso-enforcement";
import { getUsageSnapshot, invalidateUsageSnapshot } from "../server/usage/usage-snapshot";
import { makeTenant } from "./factories";

// A read that began before a change commits must not put what it read back into the cache after
// the change dropped it: the old value would then be served for the cache's whole lifetime (an SSO
// policy that no longer exists, a suspended workspace's old snapshot, a session version that
// "sign out everywhere" ended). Each case starts the read, invalidates while it is in flight (as
// the committed change does), and checks that nothing was kept. The caches are taken by name: the
// registry hands out the modules' own instances.
const cacheNamed = <V extends object>(name: string) => createCache<V>({ name, max: 1, ttlMs: 1 });

describe("loads in flight during an invalidation", () => {
  it("the SSO policy read on a tRPC query's shared transaction is not kept after the policy changed", async () => {
    const { tenant, owner } = await makeTenant();
    await readTogether(tenant.id, async () => {
      const reading = ssoSignInRequired({ tenantId: tenant.id, userId: owner.id, email: owner.email, role: "owner", sessionSsoTenantId: null });
      forgetSsoPolicy(tenant.id);
      expect(await reading).toBe(false);
    });
    expect(cacheNamed("sso-policy").get(tenant.id)).toBeUndefined();
    // Undisturbed, the policy is kept as before.
    await readTogether(tenant.id, () => ssoSignInRequired({ tenantId: tenant.id, userId: owner.id, email: owner.email, role: "owner", sessionSsoTenantId: null }));
    expect(cacheNamed("sso-policy").get(tenant.id)).toEqual({ enforced: false, breakGlassUserId: null, domains: [] });
  });

  it("a usage snapshot loaded on a page's shared transaction is not kept after the workspace changed", async () => {
    const { tenant } = await makeTenant();
    await readTogether(tenant.id, async () => {
      const reading = getUsageSnapshot(tenant.id);
      invalidateUsageSnapshot(tenant.id);
      expect((await reading).tenant.id).toBe(tenant.id);
    });
    expect(cacheNamed("usage-snapshots").get(tenant.id)).toBeUndefined();
    await readTogether(tenant.id, () => getUsageSnapshot(tenant.id));
    expect(cacheNamed("usage-snapshots").get(tenant.id)).toMatchObject({ tenant: { id: tenant.id } });
  });

  it("a session version read before sign-out everywhere is not kept after it", async () => {
    const { owner } = await makeTenant();
    const reading = getSessionVersion(owner.id);
    forgetSessionVersion(owner.id);
    expect(typeof (await reading)).toBe("number");
    expect(cacheNamed("session-version").get(owner.id)).toBeUndefined();
    expect(await getSessionVersion(owner.id)).toBe(await reading);
    expect(cacheNamed("session-version").get(owner.id)).toEqual({ v: await reading });
    // A user who does not exist is not remembered.
    expect(await getSessionVersion("00000000-0000-4000-8000-000000000000")).toBeNull();
    expect(cacheNamed("session-version").get("00000000-0000-4000-8000-000000000000")).toBeUndefined();
  });
});
