import { describe, expect, it } from "vitest";
import { makeTenant, TEST_META } from "../../test/factories";
import { getEntitlements, setPlanOverrides } from "./plan-overrides";

describe("per-tenant plan overrides", () => {
  it("grant a feature and raise a limit for one tenant only, with an audit event", async () => {
    const a = await makeTenant();
    const b = await makeTenant();
    expect((await getEntitlements({ tenantId: a.tenant.id })).features.sso).toBe(false);
    await setPlanOverrides({ tenantId: a.tenant.id, overrides: { features: { sso: true }, limits: { members: 500, apiCallsPerMonth: "unlimited" } }, actorUserId: null, meta: TEST_META });
    const mine = await getEntitlements({ tenantId: a.tenant.id });
    expect(mine.features.sso).toBe(true);
    expect(mine.limits.members).toBe(500);
    expect(mine.limits.apiCallsPerMonth).toBe("unlimited");
    expect((await getEntitlements({ tenantId: b.tenant.id })).features.sso).toBe(false);
  });

  it("rejects unknown features and bad limits with a 400", async () => {
    const { tenant } = await makeTenant();
    await expect(
      setPlanOverrides({ tenantId: tenant.id, overrides: { features: { teleport: true } } as never, actorUserId: null, meta: TEST_META }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(
      setPlanOverrides({ tenantId: tenant.id, overrides: { limits: { members: -1 } }, actorUserId: null, meta: TEST_META }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});
