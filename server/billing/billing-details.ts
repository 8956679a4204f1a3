import { eq } from "drizzle-orm";
import { billingDetailsOf, type BillingDetails } from "../../lib/billing-details";
import { recordAuditEvent, type RequestMeta } from "../audit/record-audit-event";
import { subscriptions, tenants } from "../db/schema";
import { withTenant } from "../db/with-tenant";
import { lockTenantOrThrow } from "../tenants/lock-tenant";
import { getBillingProvider } from "./get-provider";

const sameTaxId = (a: BillingDetails["taxId"], b: BillingDetails["taxId"]) => a?.type === b?.type && a?.value === b?.value;

/**
 * Saves the billing details and sends them to the workspace's customer, under the workspace lock
 * (a first checkout creating the customer meanwhile waits, then creates it with these details).
 * The provider is called before the commit: a value Stripe refuses saves nothing here, and a
 * failure after Stripe took them is mended by saving again (the call is idempotent).
 */
export async function updateBillingDetails(options: { tenantId: string; actorUserId: string; details: BillingDetails; meta: RequestMeta }): Promise<{ changed: boolean }> {
  const { tenantId, details } = options;
  return withTenant(tenantId, async (tx) => {
    const tenant = await lockTenantOrThrow(tx, tenantId);
    const before = billingDetailsOf(tenant);
    const changes = [...(before.email !== details.email ? ["email"] : []), ...(!sameTaxId(before.taxId, details.taxId) ? ["taxId"] : [])];
    // Sent to the customer even when nothing changed here: saving again mends a copy that drifted.
    const provider = getBillingProvider();
    const [customer] = await tx.select({ id: subscriptions.customerId, provider: subscriptions.provider }).from(subscriptions).where(eq(subscriptions.tenantId, tenantId));
    if (customer && customer.provider === provider.kind) {
      await provider.updateCustomerDetails({ customerId: customer.id, details, clearEmail: before.email !== null && details.email === null });
    }
    if (changes.length === 0) return { changed: false };
    await tx
      .update(tenants)
      .set({ billingEmail: details.email, taxIdType: details.taxId?.type ?? null, taxId: details.taxId?.value ?? null, updatedAt: new Date() })
      .where(eq(tenants.id, tenantId));
    await recordAuditEvent(tx, {
      tenantId,
      actorUserId: options.actorUserId,
      action: "billing.details_updated",
      target: `tenant:${tenant.slug}`,
      // Which fields, and the tax ID's kind: the values themselves stay on the billing page.
      metadata: { changes, taxIdType: details.taxId?.type ?? null },
      meta: options.meta,
    });
    return { changed: true };
  });
}
