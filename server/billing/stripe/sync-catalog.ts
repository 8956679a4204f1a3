import type Stripe from "stripe";
import { BILLING_INTERVALS, CURRENCIES, PLANS, priceCents, priceLookupKey } from "../../../lib/plans";

export type SyncReport = { created: string[]; updated: string[]; unchanged: string[] };

function isMissing(error: unknown): boolean {
  return (error as { statusCode?: number })?.statusCode === 404;
}

/**
 * Creates or updates Stripe products and prices from the catalog. Idempotent: products have
 * fixed ids (`atrium_pro`), prices are found by lookup key and only replaced (moving the key)
 * when the amount or interval changed.
 */
export async function syncStripeCatalog(stripe: Stripe): Promise<SyncReport> {
  const report: SyncReport = { created: [], updated: [], unchanged: [] };
  for (const plan of Object.values(PLANS)) {
    if (!plan.selfServe) continue;
    const productId = `atrium_${plan.id}`;
    try {
      const product = await stripe.products.retrieve(productId);
      if (product.name !== plan.name || product.description !== plan.tagline) {
        await stripe.products.update(productId, { name: plan.name, description: plan.tagline }, { idempotencyKey: `product-update:${productId}:${plan.name}:${plan.tagline}` });
        report.updated.push(productId);
      } else report.unchanged.push(productId);
    } catch (error) {
      if (!isMissing(error)) throw error;
      await stripe.products.create({ id: productId, name: plan.name, description: plan.tagline, metadata: { planId: plan.id } }, { idempotencyKey: `product:${productId}` });
      report.created.push(productId);
    }
    for (const [interval, currency] of BILLING_INTERVALS.flatMap((i) => CURRENCIES.map((c) => [i, c] as const))) {
      const lookupKey = priceLookupKey(plan.id, interval, currency);
      const amount = priceCents(plan, interval, currency)!;
      const existing = (await stripe.prices.list({ lookup_keys: [lookupKey], limit: 1 })).data[0];
      if (existing && existing.active && existing.unit_amount === amount && existing.currency === currency && existing.recurring?.interval === interval) {
        report.unchanged.push(lookupKey);
        continue;
      }
      await stripe.prices.create(
        { product: productId, currency, unit_amount: amount, recurring: { interval }, lookup_key: lookupKey, transfer_lookup_key: true, metadata: { planId: plan.id } },
        // The price it replaces is part of the intent: going back to an earlier amount within
        // Stripe's 24 h key window must make a new price, not replay the first one.
        { idempotencyKey: `price:${lookupKey}:${amount}:${existing?.id ?? "first"}` },
      );
      (existing ? report.updated : report.created).push(lookupKey);
    }
  }
  return report;
}
