import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { updateBillingDetails } from "../server/billing/billing-details";
import { completeLocalCheckout } from "../server/billing/local/complete-local-checkout";
import { startCheckout } from "../server/billing/manage-subscription";
import { invoices } from "../server/db/schema";
import { withTenant } from "../server/db/with-tenant";
import { makeTenant, TEST_META } from "./factories";

// Issue 17: an invoice keeps the billing details it was issued with; changing them later does not
// rewrite it (its PDF is made from what the invoice kept).

describe("an invoice's billing details", () => {
  it("are the ones saved when it was issued, not today's", async () => {
    const { tenant, owner } = await makeTenant();
    const issuedWith = { email: "ap@first.test", taxId: { type: "eu_vat" as const, value: "FR12345678901" } };
    await updateBillingDetails({ tenantId: tenant.id, actorUserId: owner.id, details: issuedWith, meta: TEST_META });
    const { url } = await startCheckout({ tenantId: tenant.id, actorUserId: owner.id, meta: TEST_META, planId: "pro", interval: "month", origin: "http://x", attemptId: randomUUID() });
    await completeLocalCheckout({ tenantId: tenant.id, sessionId: url.split("/").at(-1)!, cardNumber: "4242424242424242", actorUserId: owner.id, meta: TEST_META });
    await updateBillingDetails({ tenantId: tenant.id, actorUserId: owner.id, details: { email: "ap@later.test", taxId: null }, meta: TEST_META });
    const rows = await withTenant(tenant.id, (tx) => tx.select({ billedTo: invoices.billedTo }).from(invoices).where(eq(invoices.tenantId, tenant.id)));
    expect(rows).toEqual([{ billedTo: issuedWith }]);
  });

  it("are empty on an invoice issued before any were saved", async () => {
    const { tenant, owner } = await makeTenant();
    const { url } = await startCheckout({ tenantId: tenant.id, actorUserId: owner.id, meta: TEST_META, planId: "starter", interval: "month", origin: "http://x", attemptId: randomUUID() });
    await completeLocalCheckout({ tenantId: tenant.id, sessionId: url.split("/").at(-1)!, cardNumber: "4242424242424242", actorUserId: owner.id, meta: TEST_META });
    const rows = await withTenant(tenant.id, (tx) => tx.select({ billedTo: invoices.billedTo }).from(invoices).where(eq(invoices.tenantId, tenant.id)));
    expect(rows).toEqual([{ billedTo: null }]);
  });
});
