import { and, eq } from "drizzle-orm";
import { CURRENCY_LABELS, type Currency } from "../../lib/plans";
import { recordAuditEvent, type RequestMeta } from "../audit/record-audit-event";
import { localCheckoutSessions, subscriptions, tenants } from "../db/schema";
import { withTenant } from "../db/with-tenant";
import { AppError } from "../errors";
import { forgetWorkspaceCaches } from "../tenants/forget-workspace-caches";
import { takeBillingPlace } from "./stripe/stripe-places";
import { lockTenantOrThrow } from "../tenants/lock-tenant";
import { getBillingProvider } from "./get-provider";

/**
 * Sets the currency a workspace is billed in. Only before its first subscription: Stripe keeps a
 * customer to the currency it was first billed in, and every price after that must match. Under
 * the workspace lock (a checkout cannot start meanwhile), it asks the provider itself, not only
 * our copy, which lags behind webhooks: a checkout paid a moment ago counts. Checkouts still open
 * (priced in the other currency) are expired; one paid anyway makes the workspace follow the
 * currency it is billed in (apply-subscription-snapshot.ts).
 */
export async function setWorkspaceCurrency(options: { tenantId: string; actorUserId: string; currency: Currency; meta: RequestMeta }): Promise<{ changed: boolean }> {
  const { tenantId, currency } = options;
  const provider = getBillingProvider();
  // Stripe is called with the lock held: in Stripe's line (stripe-places.ts).
  const release = await takeBillingPlace();
  const result = await withTenant(tenantId, async (tx) => {
    const tenant = await lockTenantOrThrow(tx, tenantId);
    if (tenant.currency === currency) return { changed: false, slug: tenant.slug };
    const fixed = () => new AppError("CONFLICT", `This workspace is billed in ${CURRENCY_LABELS[tenant.currency]}: the currency is set by the first subscription and cannot change after it.`);
    const [account] = await tx.select({ customerId: subscriptions.customerId, subscriptionId: subscriptions.subscriptionId }).from(subscriptions).where(eq(subscriptions.tenantId, tenantId));
    if (account?.subscriptionId) throw fixed();
    if (account && (await provider.openSubscriptions(tx, tenant)).length > 0) throw fixed();
    await tx.update(tenants).set({ currency, updatedAt: new Date() }).where(eq(tenants.id, tenantId));
    await recordAuditEvent(tx, { tenantId, actorUserId: options.actorUserId, action: "billing.currency_changed", target: `tenant:${tenant.slug}`, metadata: { from: tenant.currency, to: currency }, meta: options.meta });
    // Offline checkouts, in this transaction (Stripe mode has none); Stripe's, at Stripe.
    await tx
      .update(localCheckoutSessions)
      .set({ status: "expired" })
      .where(and(eq(localCheckoutSessions.tenantId, tenantId), eq(localCheckoutSessions.status, "open")));
    if (account && provider.kind === "stripe") await provider.expireCheckouts({ tenant, customerId: account.customerId });
    return { changed: true, slug: tenant.slug };
  }).finally(release);
  if (result.changed) forgetWorkspaceCaches({ tenantId, slug: result.slug });
  return { changed: result.changed };
}
