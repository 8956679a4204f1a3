import { eq } from "drizzle-orm";
import { isTaxIdType, type BillingDetails } from "../../lib/billing-details";
import { recordAuditEvent, type RequestMeta } from "../audit/record-audit-event";
import { subscriptions, tenants, type Tenant } from "../db/schema";
import { withTenant } from "../db/with-tenant";
import { lockTenantOrThrow } from "../tenants/lock-tenant";
import { getBillingProvider } from "./get-provider";

/** A workspace's saved billing details, as the form and the provider take them. */
export function billingDetailsOf(tenant: Pick<Tenant, "billingEmail" | "taxIdType" | "taxId">): BillingDetails {
  return {
    email: tenant.billingEmail,
    taxId: isTaxIdType(tenant.taxIdType) && tenant.taxId ? { type: tenant.taxIdType, value: tenant.taxId } : null,
  };
}

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
    const before = billingDetailsOf(await lockTenantOrThrow(tx, tenantId));
    const changes = [...(before.email !== details.email ? ["email"] : []), ...(!sameTaxId(before.taxId, details.taxId) ? ["taxId"] : [])];
    if (changes.length === 0) return { changed: false };
    await tx
      .update(tenants)
      .set({ billingEmail: details.email, taxIdType: details.taxId?.type ?? null, taxId: details.taxId?.value ?? null, updatedAt: new Date() })
      .where(eq(tenants.id, tenantId));
    await recordAuditEvent(tx, {
      tenantId,
      actorUserId: options.actorUserId,
      action: "billing.details_updated",
      target: `tenant:${tenantId}`,
      // Which fields, and the tax ID's kind: the values themselves stay on the billing page.
      metadata: { changes, taxIdType: details.taxId?.type ?? null },
      meta: options.meta,
    });
    const provider = getBillingProvider();
    const [customer] = await tx.select({ id: subscriptions.customerId, provider: subscriptions.provider }).from(subscriptions).where(eq(subscriptions.tenantId, tenantId));
    if (customer && customer.provider === provider.kind) await provider.updateCustomerDetails({ customerId: customer.id, details });
    return { changed: true };
  });
}
