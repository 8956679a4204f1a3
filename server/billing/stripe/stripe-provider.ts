import { eq } from "drizzle-orm";
import { withTenant } from "../../db/with-tenant";
import { subscriptions } from "../../db/schema";
import { AppError } from "../../errors";
import { env } from "../../env";
import { priceLookupKey, type BillingInterval, type PlanId } from "../catalog";
import type { BillingProvider, ProviderTenant } from "../provider";
import { getStripe } from "./client";

async function priceId(planId: PlanId, interval: BillingInterval): Promise<string> {
  const prices = await getStripe().prices.list({ lookup_keys: [priceLookupKey(planId, interval)], active: true, limit: 1 });
  const price = prices.data[0];
  if (!price) throw new AppError("INTERNAL_SERVER_ERROR", `No Stripe price for ${planId}/${interval}: run \`npm run stripe:sync\`.`);
  return price.id;
}

/** One Stripe customer per tenant, created on first need; its id is stored with the tenant. */
async function ensureCustomer(tenant: ProviderTenant): Promise<string> {
  const existing = await withTenant(tenant.id, (tx) =>
    tx.select({ customerId: subscriptions.customerId }).from(subscriptions).where(eq(subscriptions.tenantId, tenant.id)),
  );
  if (existing[0]) return existing[0].customerId;
  const customer = await getStripe().customers.create(
    { name: tenant.name, metadata: { tenantId: tenant.id, tenantSlug: tenant.slug } },
    { idempotencyKey: `customer:${tenant.id}` },
  );
  await withTenant(tenant.id, (tx) =>
    tx.insert(subscriptions).values({ tenantId: tenant.id, provider: "stripe", customerId: customer.id }).onConflictDoNothing(),
  );
  return customer.id;
}

async function firstItemId(subscriptionId: string): Promise<string> {
  const subscription = await getStripe().subscriptions.retrieve(subscriptionId);
  const item = subscription.items.data[0];
  if (!item) throw new AppError("CONFLICT", "The subscription has no items to change.");
  return item.id;
}

// State changes arrive through webhooks (the source of truth); these calls only ask Stripe.
export const stripeProvider: BillingProvider = {
  kind: "stripe",

  async createCheckout({ tenant, planId, interval, successUrl, cancelUrl, idempotencyKey }) {
    const customer = await ensureCustomer(tenant);
    const session = await getStripe().checkout.sessions.create(
      {
        mode: "subscription",
        customer,
        client_reference_id: tenant.id,
        line_items: [{ price: await priceId(planId, interval), quantity: 1 }],
        allow_promotion_codes: true,
        automatic_tax: { enabled: env.STRIPE_AUTOMATIC_TAX },
        billing_address_collection: env.STRIPE_COLLECT_BILLING_ADDRESS ? "required" : "auto",
        ...(env.STRIPE_AUTOMATIC_TAX ? { customer_update: { address: "auto" as const, name: "auto" as const } } : {}),
        subscription_data: { metadata: { tenantId: tenant.id } },
        success_url: successUrl,
        cancel_url: cancelUrl,
      },
      { idempotencyKey },
    );
    if (!session.url) throw new AppError("INTERNAL_SERVER_ERROR", "Stripe did not return a checkout URL.");
    return { url: session.url };
  },

  async changePlan({ subscriptionId, planId, interval, idempotencyKey }) {
    await getStripe().subscriptions.update(
      subscriptionId,
      { items: [{ id: await firstItemId(subscriptionId), price: await priceId(planId, interval) }], proration_behavior: "create_prorations" },
      { idempotencyKey },
    );
  },

  async setCancelAtPeriodEnd({ subscriptionId, cancel, idempotencyKey }) {
    await getStripe().subscriptions.update(subscriptionId, { cancel_at_period_end: cancel }, { idempotencyKey });
  },

  async portal({ customerId, returnUrl }) {
    const session = await getStripe().billingPortal.sessions.create({ customer: customerId, return_url: returnUrl });
    return { url: session.url };
  },
};
