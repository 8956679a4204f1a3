import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { makeTenant, makeUser, TEST_META } from "../../test/factories";
import { tenants } from "../db/schema";
import { withTenant } from "../db/with-tenant";
import { reactivateWorkspace } from "../operators/reactivate-workspace";
import { suspendWorkspace } from "../operators/suspend-workspace";
import { getSuspensionCause } from "./get-suspension-cause";

// What app/status/tenant-suspended tells a workspace's members: suspended by the platform (only
// support can lift it) or by its lifecycle (Billing can).
describe("getSuspensionCause", () => {
  it("is the platform while an operator's suspension holds, the lifecycle otherwise", async () => {
    const { tenant } = await makeTenant();
    const operator = { id: (await makeUser("Operator")).id, role: "admin" as const };
    expect(await getSuspensionCause({ tenantId: tenant.id })).toBe("lifecycle");

    await suspendWorkspace({ operator, tenantId: tenant.id, reason: "chargeback fraud ring #7", meta: TEST_META });
    expect(await getSuspensionCause({ tenantId: tenant.id })).toBe("platform");

    await reactivateWorkspace({ operator, tenantId: tenant.id, reason: "cleared by risk", meta: TEST_META });
    expect(await getSuspensionCause({ tenantId: tenant.id })).toBe("lifecycle");

    // The sweep's suspension (trial over, grace ended) sets no operator hold.
    await withTenant(tenant.id, (tx) => tx.update(tenants).set({ status: "suspended" }).where(eq(tenants.id, tenant.id)));
    expect(await getSuspensionCause({ tenantId: tenant.id })).toBe("lifecycle");
  });
});
