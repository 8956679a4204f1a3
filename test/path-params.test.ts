import { describe, expect, it } from "vitest";
import { isUuid } from "../lib/ids";
import { getLocalCheckout } from "../server/billing/local/get-local-checkout";
import { makeTenant } from "./factories";

describe("path parameters that cannot be ids", () => {
  it("the local checkout page's session id: anything but a UUID is not found, never a query error", async () => {
    const { tenant } = await makeTenant();
    for (const sessionId of ["-".repeat(36), "0".repeat(35) + "-", "toString", "__proto__", "00000000-0000-0000-0000-00000000000g", "", "a\u0000b"]) {
      await expect(getLocalCheckout({ tenantId: tenant.id, sessionId }), sessionId).resolves.toBeNull();
    }
    await expect(getLocalCheckout({ tenantId: tenant.id, sessionId: "00000000-0000-4000-8000-000000000000" })).resolves.toBeNull();
    expect(isUuid("0F1E2D3C-4B5A-4978-8695-A4B3C2D1E0F9")).toBe(true);
  });
});
