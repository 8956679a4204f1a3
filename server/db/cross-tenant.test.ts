import { describe, expect, it } from "vitest";
import { makeTenant, makeUser } from "../../test/factories";
import { findTenantBySlug, isSlugTaken, listUserWorkspaces } from "./cross-tenant";

describe("cross-tenant functions (the only reads across tenants)", () => {
  it("findTenantBySlug returns only routing fields, or null", async () => {
    const { tenant } = await makeTenant();
    expect(await findTenantBySlug(tenant.slug)).toEqual({ id: tenant.id, slug: tenant.slug, name: tenant.name, status: "trialing" });
    expect(await findTenantBySlug("does-not-exist")).toBeNull();
  });

  it("isSlugTaken", async () => {
    const { tenant } = await makeTenant();
    expect(await isSlugTaken(tenant.slug)).toBe(true);
    expect(await isSlugTaken(`${tenant.slug}-free`)).toBe(false);
  });

  it("listUserWorkspaces lists the user's own memberships only", async () => {
    const one = await makeTenant([{ role: "billing" }]);
    await makeTenant();
    const member = one.members[0]!.user;
    expect(await listUserWorkspaces(member.id)).toEqual([
      { tenantId: one.tenant.id, slug: one.tenant.slug, name: one.tenant.name, status: "trialing", role: "billing" },
    ]);
    expect(await listUserWorkspaces((await makeUser()).id)).toEqual([]);
  });
});
