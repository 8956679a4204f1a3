import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type Stripe from "stripe";
import type { RequestMeta } from "../../audit/record-audit-event";
import type { Transaction } from "../../db/client";
import { withTenant } from "../../db/with-tenant";
import { applySubscriptionSnapshot } from "../apply-subscription-snapshot";
import { takeBillingPlace } from "./stripe-places";
import { logger } from "../../logger";
import { lockTenantOrThrow } from "../../tenants/lock-tenant";
import { subscriptions, tenants } from "../../db/schema";
import { AppError } from "../../errors";
import { env } from "../../env";
import { isCurrency, priceLookupKey, type BillingInterval, type Currency, type PlanId } from "../../../lib/plans";
import { billingDetailsOf, type BillingDetails } from "../../../lib/billing-details";
import type { BillingProvider, ProviderTenant } from "../provider";
import { subscriptionPhase } from "../status-map";
import { getStripe } from "./client";
import { idOf, snapshotFromStripe } from "./snapshot-from-stripe";

async function priceId(planId: PlanId, interval: BillingInterval, currency: Currency = "usd"): Promise<string> {
  const prices = await getStripe().prices.list({ lookup_keys: [priceLookupKey(planId, interval, currency)], active: true, limit: 1 });
  const price = prices.data[0];
  if (!price) throw new AppError("INTERNAL_SERVER_ERROR", `No Stripe price for ${planId}/${interval}/${currency}: run \`npm run stripe:sync\`.`);
  return price.id;
}

async function storedCustomer(tx: Transaction, tenantId: string): Promise<string | null> {
  const [row] = await tx.select({ customerId: subscriptions.customerId }).from(subscriptions).where(eq(subscriptions.tenantId, tenantId));
  return row?.customerId ?? null;
}

/** One Stripe customer per tenant, created on first need under the workspace lock. */
async function ensureCustomer(tx: Transaction, tenant: ProviderTenant): Promise<string> {
  const existing = await storedCustomer(tx, tenant.id);
  if (existing) return existing;
  const customer = await createCustomer(tx, tenant, `customer:v2:${tenant.id}`);
  await tx.insert(subscriptions).values({ tenantId: tenant.id, provider: "stripe", customerId: customer }).onConflictDoNothing();
  return customer;
}

/**
 * Stripe refused a call because the workspace's customer no longer exists there (deleted in the
 * Dashboard, which also cancels its subscriptions).
 */
function isMissingCustomer(error: unknown): boolean {
  const refusal = error as { type?: unknown; code?: unknown; param?: unknown } | null;
  return refusal?.type === "StripeInvalidRequestError" && refusal.code === "resource_missing" && refusal.param === "customer";
}

/**
 * A new customer in place of one deleted at Stripe (under the workspace lock): the workspace can
 * pay again instead of being refused on every checkout. Its webhooks find the workspace by the
 * new customer from then on; the old one's subscriptions ended with it.
 */
async function replaceCustomer(tx: Transaction, tenant: ProviderTenant, gone: string): Promise<string> {
  // The old customer's subscription ended with it: applied now, while its events still find the
  // workspace (a late customer.subscription.deleted would name a customer no longer ours).
  const [row] = await tx.select({ subscriptionId: subscriptions.subscriptionId }).from(subscriptions).where(eq(subscriptions.tenantId, tenant.id));
  if (row?.subscriptionId) {
    const snapshot = await stripeProvider.readSubscription(tx, tenant.id, row.subscriptionId);
    if (snapshot) await applySubscriptionSnapshot(tx, { tenantId: tenant.id, snapshot, meta: REPLACING });
  }
  const customer = await createCustomer(tx, tenant, `customer:v2:${tenant.id}:after:${gone}`);
  await tx.update(subscriptions).set({ customerId: customer }).where(and(eq(subscriptions.tenantId, tenant.id), eq(subscriptions.customerId, gone)));
  logger.info("a workspace's Stripe customer was deleted at Stripe; a new one replaces it", { tenantId: tenant.id, gone, customer });
  return customer;
}

const REPLACING = { ip: null, userAgent: "atrium-billing" };

async function createCustomer(tx: Transaction, tenant: ProviderTenant, idempotencyKey: string): Promise<string> {
  // Always the same parameters under this key: a checkout that failed after Stripe made the
  // customer (its id rolled back with it) gets the same customer back when it is tried again. So
  // only what never changes goes with it; the name (which a rename changes, and Stripe refuses a
  // key reused with other parameters) is set right after.
  const customer = await getStripe().customers.create({ metadata: { tenantId: tenant.id, tenantSlug: tenant.slug } }, { idempotencyKey });
  // Setting a name is harmless to repeat; a key per call, so renaming back within Stripe's 24 hours
  // of keys is not answered with an older call's result.
  await getStripe().customers.update(customer.id, { name: tenant.name }, { idempotencyKey: `customer:v2:${tenant.id}:name:${randomUUID()}` });
  // The billing details saved before the first checkout follow, as a save would send them.
  const [row] = await tx.select({ billingEmail: tenants.billingEmail, taxIdType: tenants.taxIdType, taxId: tenants.taxId }).from(tenants).where(eq(tenants.id, tenant.id));
  const details = row ? billingDetailsOf(row) : null;
  if (details && (details.email || details.taxId)) await syncCustomerDetails(customer.id, details, { clearEmail: false });
  return customer.id;
}

/** The subscription's item, and the currency it bills in (a new price must be in the same one). */
async function firstItem(subscriptionId: string): Promise<{ id: string; currency: Currency }> {
  const subscription = await getStripe().subscriptions.retrieve(subscriptionId);
  const item = subscription.items.data[0];
  if (!item) throw new AppError("CONFLICT", "The subscription has no items to change.");
  return { id: item.id, currency: isCurrency(item.price.currency) ? item.price.currency : "usd" };
}

/**
 * The part of the latest paid invoice that covers time the subscription no longer runs, measured
 * from when it was cancelled (a fact that does not move), so a retry asks for the same amount.
 */
function unusedAmount(subscription: Stripe.Subscription, invoice: Stripe.Invoice): number {
  const item = subscription.items.data[0];
  const start = item?.current_period_start ?? 0;
  const end = item?.current_period_end ?? 0;
  const stoppedAt = subscription.canceled_at ?? subscription.ended_at ?? Math.floor(Date.now() / 1000);
  if (end <= start || invoice.amount_paid <= 0) return 0;
  const fraction = Math.min(1, Math.max(0, (end - stoppedAt) / (end - start)));
  return Math.round(invoice.amount_paid * fraction);
}

function isStripeRefusal(error: unknown): error is Error & { statusCode: number } {
  return error instanceof Error && "type" in error && error.type === "StripeInvalidRequestError";
}

/** Stripe refusing a change (e.g. the subscription ended there before our copy knew): a 409, never a 500. */
async function readably<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (isStripeRefusal(error)) {
      throw new AppError("CONFLICT", `Stripe refused this change: ${error.message} Reload the page to see the current state.`, { cause: error });
    }
    throw error;
  }
}

/**
 * After a change at Stripe, its state applied at once (its webhook, when it comes, finds nothing
 * left to do): the page shows the new plan or the scheduled end straight away, and undoing it is
 * not refused as "already on this plan" while the webhook is late or lost. Read again under the
 * workspace lock, as a webhook does, rather than taken from the change's answer: a webhook applied
 * meanwhile may be newer than that answer, and the read expands the discounts revenue needs.
 */
async function applyCurrent(tenantId: string, subscriptionId: string, actorUserId: string | null, meta: RequestMeta): Promise<boolean> {
  // The change is made at Stripe already: while Stripe's line is full, its webhook applies it later.
  const release = await takeBillingPlace().catch(() => null);
  if (!release) {
    logger.warn("a billing change is left to its webhook: too many calls wait on Stripe", { tenantId, subscriptionId });
    return false;
  }
  return withTenant(tenantId, async (tx) => {
    await lockTenantOrThrow(tx, tenantId);
    const snapshot = await stripeProvider.readSubscription(tx, tenantId, subscriptionId);
    if (snapshot) await applySubscriptionSnapshot(tx, { tenantId, snapshot, actorUserId, meta });
    return snapshot !== null;
  }).finally(release);
}

/** A subscription from Stripe, or null when Stripe does not know it. */
async function retrieveOrNull(subscriptionId: string): Promise<Stripe.Subscription | null> {
  try {
    // Discounts come as ids unless expanded, and so does each discount's coupon (its size and
    // duration); MRR needs both (snapshot-from-stripe.ts). Expanding the coupon expands its discount.
    return await getStripe().subscriptions.retrieve(subscriptionId, { expand: ["discounts.source.coupon"] });
  } catch (error) {
    if (isStripeRefusal(error) && error.statusCode === 404) return null;
    throw error;
  }
}

/** Refunds the duplicate's unused time once: a refund already made for it is found and kept. */
async function refundUnused(subscription: Stripe.Subscription, idempotencyKey: string): Promise<{ refundedCents: number; currency: string }> {
  const stripe = getStripe();
  const invoiceId = idOf(subscription.latest_invoice as string | { id: string } | null);
  if (!invoiceId) return { refundedCents: 0, currency: "usd" };
  const invoice = await stripe.invoices.retrieve(invoiceId);
  if (invoice.status !== "paid") return { refundedCents: 0, currency: invoice.currency };
  const payments = await stripe.invoicePayments.list({ invoice: invoiceId, status: "paid", limit: 10 });
  const paymentIntent = payments.data.map((p) => idOf(p.payment.payment_intent ?? null)).find(Boolean);
  if (!paymentIntent) return { refundedCents: 0, currency: invoice.currency };
  const earlier = await stripe.refunds.list({ payment_intent: paymentIntent, limit: 100 });
  const made = earlier.data.find((r) => r.metadata?.atriumDuplicateOf === subscription.id && r.status !== "failed" && r.status !== "canceled");
  if (made) return { refundedCents: made.amount, currency: made.currency };
  // The subscription was cancelled just before; its period is what the refund is measured on.
  const amount = unusedAmount(subscription, invoice);
  if (amount <= 0) return { refundedCents: 0, currency: invoice.currency };
  const refund = await stripe.refunds.create(
    { payment_intent: paymentIntent, amount, reason: "duplicate", metadata: { atriumDuplicateOf: subscription.id } },
    { idempotencyKey: `${idempotencyKey}:refund` },
  );
  return { refundedCents: refund.amount, currency: refund.currency };
}

// State changes arrive through webhooks (the source of truth); these calls only ask Stripe.
export const stripeProvider: BillingProvider = {
  kind: "stripe",

  async openSubscriptions(tx, tenant) {
    const customer = await storedCustomer(tx, tenant.id);
    if (!customer) return [];
    const list = await getStripe()
      .subscriptions.list({ customer, status: "all", limit: 100, expand: ["data.discounts.source.coupon"] })
      // A customer deleted at Stripe has nothing open; the checkout replaces it (createCheckout).
      .catch((error: unknown) => {
        if (isMissingCustomer(error)) return { data: [] as Stripe.Subscription[] };
        throw error;
      });
    const now = new Date();
    return list.data.filter((s) => subscriptionPhase(s.status) !== "dead").map((s) => snapshotFromStripe(s, now));
  },

  async readSubscription(_tx, _tenantId, subscriptionId) {
    const subscription = await retrieveOrNull(subscriptionId);
    return subscription ? snapshotFromStripe(subscription, new Date()) : null;
  },

  async createCheckout({ tx, tenant, planId, interval, successUrl, cancelUrl, attemptId }) {
    const stripe = getStripe();
    const stored = await ensureCustomer(tx, tenant);
    const price = await priceId(planId, interval, tenant.currency);
    const create = (customer: string) =>
      stripe.checkout.sessions.create(
        {
          mode: "subscription",
          customer,
          client_reference_id: tenant.id,
          line_items: [{ price, quantity: 1 }],
          allow_promotion_codes: true,
          automatic_tax: { enabled: env.STRIPE_AUTOMATIC_TAX },
          billing_address_collection: env.STRIPE_COLLECT_BILLING_ADDRESS ? "required" : "auto",
          ...(env.STRIPE_AUTOMATIC_TAX ? { customer_update: { address: "auto" as const, name: "auto" as const } } : {}),
          subscription_data: { metadata: { tenantId: tenant.id } },
          metadata: { tenantId: tenant.id, attemptId },
          success_url: successUrl,
          cancel_url: cancelUrl,
        },
        // The intent, not the call: the same attempt for the same price and customer is the same
        // session (a customer replaced since makes it another intent, or Stripe would refuse the key).
        { idempotencyKey: `checkout:${tenant.id}:${price}:${attemptId}:${customer}` },
      );
    let customer = stored;
    const session = await create(customer).catch(async (error: unknown) => {
      if (!isMissingCustomer(error)) throw error;
      customer = await replaceCustomer(tx, tenant, stored);
      return create(customer);
    });
    if (!session.url) throw new AppError("INTERNAL_SERVER_ERROR", "Stripe did not return a checkout URL.");
    // Only the newest checkout can be paid: one left open in another tab is expired.
    const open = await stripe.checkout.sessions.list({ customer, status: "open", limit: 100 });
    // The same form sent again (a tab's resubmission) replays its first session, which a newer
    // checkout from another tab may have expired since: expiring the others then would leave
    // nothing payable. That tab chooses again instead.
    if (session.lastResponse?.headers?.["idempotent-replayed"] === "true" && !open.data.some((s) => s.id === session.id)) {
      throw new AppError("CONFLICT", "This checkout was replaced by a newer one, started in another tab or window. Choose the plan again to pay here.", { reason: "checkout_replaced" });
    }
    for (const other of open.data) {
      if (other.id === session.id) continue;
      await stripe.checkout.sessions.expire(other.id).catch((error: unknown) => {
        // Already completed or expired in the meantime: the webhook decides what it means.
        if (!isStripeRefusal(error)) throw error;
      });
    }
    return { url: session.url };
  },

  async changePlan({ tenant, subscriptionId, planId, interval, actorUserId, idempotencyKey, meta }) {
    await readably(async () => {
      const item = await firstItem(subscriptionId);
      return getStripe().subscriptions.update(
        subscriptionId,
        { items: [{ id: item.id, price: await priceId(planId, interval, item.currency) }], proration_behavior: "create_prorations" },
        { idempotencyKey },
      );
    });
    return { applied: await applyCurrent(tenant.id, subscriptionId, actorUserId, meta) };
  },

  async setCancelAtPeriodEnd({ tenant, subscriptionId, cancel, actorUserId, idempotencyKey, meta }) {
    await readably(() => getStripe().subscriptions.update(subscriptionId, { cancel_at_period_end: cancel }, { idempotencyKey }));
    await applyCurrent(tenant.id, subscriptionId, actorUserId, meta);
  },

  async endSubscription({ subscriptionId, idempotencyKey }) {
    const subscription = await retrieveOrNull(subscriptionId);
    if (!subscription || subscriptionPhase(subscription.status) === "dead" || subscription.cancel_at_period_end) return;
    if (subscriptionPhase(subscription.status) === "pending") {
      await getStripe().subscriptions.cancel(subscriptionId, {}, { idempotencyKey: `${idempotencyKey}:cancel` });
      return;
    }
    await getStripe().subscriptions.update(subscriptionId, { cancel_at_period_end: true }, { idempotencyKey: `${idempotencyKey}:end` });
  },

  async expireCheckouts({ customerId }) {
    const stripe = getStripe();
    const open = await stripe.checkout.sessions.list({ customer: customerId, status: "open", limit: 100 });
    for (const session of open.data) {
      await stripe.checkout.sessions.expire(session.id).catch((error: unknown) => {
        if (!isStripeRefusal(error)) throw error;
      });
    }
  },

  async cancelDuplicate({ subscriptionId, idempotencyKey }) {
    const stripe = getStripe();
    let subscription = await stripe.subscriptions.retrieve(subscriptionId);
    if (subscriptionPhase(subscription.status) !== "dead") {
      subscription = await stripe.subscriptions.cancel(subscriptionId, { prorate: false, invoice_now: false }, { idempotencyKey: `${idempotencyKey}:cancel` });
    }
    return refundUnused(subscription, idempotencyKey);
  },

  async portal({ customerId, returnUrl }) {
    const open = async () => getStripe().billingPortal.sessions.create({ customer: customerId, return_url: returnUrl, configuration: await portalConfiguration() });
    const session = await readably(() =>
      open().catch((error: unknown) => {
        if (isMissingCustomer(error)) {
          throw new AppError("CONFLICT", "This workspace's billing account no longer exists at Stripe. Choose a plan on this page to subscribe again.", { cause: error });
        }
        // The remembered configuration was archived in the Dashboard: look it up (or make it) again, once.
        if (!isStripeRefusal(error) || (error as { param?: string }).param !== "configuration") throw error;
        portalConfigurationId = null;
        return open();
      }),
    );
    return { url: session.url };
  },

  async updateCustomerDetails({ customerId, details, clearEmail }) {
    await syncCustomerDetails(customerId, details, { clearEmail });
  },
};

/**
 * The customer's email, and exactly one tax ID (the saved one) or none. The step Stripe may refuse
 * (a new tax ID) goes first, so a refusal changes nothing there; the email is only cleared when the
 * workspace removed its own (`clearEmail`), never one Checkout collected. Refusals are a 400: a
 * value to correct, not a conflict to reload (readably's 409).
 */
async function syncCustomerDetails(customerId: string, details: BillingDetails, { clearEmail }: { clearEmail: boolean }): Promise<void> {
  const stripe = getStripe();
  try {
    const present = (await stripe.customers.listTaxIds(customerId, { limit: 100 })).data;
    const wanted = details.taxId;
    let keep = wanted ? present.find((t) => t.type === wanted.type && t.value === wanted.value) : undefined;
    if (wanted && !keep) keep = await stripe.customers.createTaxId(customerId, { type: wanted.type, value: wanted.value });
    if (details.email || clearEmail) await stripe.customers.update(customerId, { email: details.email ?? "" });
    for (const taxId of present) if (taxId.id !== keep?.id) await stripe.customers.deleteTaxId(customerId, taxId.id);
  } catch (error) {
    if (isStripeRefusal(error)) {
      throw new AppError("BAD_REQUEST", `Stripe did not accept the billing details: ${error.message} Correct them under Billing details and try again.`, { cause: error });
    }
    throw error;
  }
}

/**
 * The Customer Portal as Atrium opens it: payment methods, invoices and cancelling at the period's
 * end, but no plan switching and no billing details. A plan is changed in Billing, which checks the
 * lower plan's limits first (a downgrade over them is refused) and says what will be lost; the
 * account's default portal may allow switching, which would skip both. The billing email and tax
 * ID are edited in Billing too, which keeps them and sends them to Stripe. Found by its metadata
 * (or created) and remembered for the process. No fixed idempotency key: Stripe would replay a
 * first failure for a day; two instances creating one each at once is harmless (either is found).
 */
const PORTAL_CONFIGURATION_VERSION = "1";
let portalConfigurationId: Promise<string> | null = null;

function portalConfiguration(): Promise<string> {
  portalConfigurationId ??= findOrCreatePortalConfiguration().catch((error: unknown) => {
    portalConfigurationId = null;
    throw error;
  });
  return portalConfigurationId;
}

async function findOrCreatePortalConfiguration(): Promise<string> {
  const stripe = getStripe();
  const found = await readably(async () => {
    for await (const existing of stripe.billingPortal.configurations.list({ active: true, limit: 100 })) {
      if (existing.metadata?.atrium === PORTAL_CONFIGURATION_VERSION) return existing.id;
    }
    return null;
  });
  if (found) return found;
  const created = await readably(() =>
    stripe.billingPortal.configurations.create({
      features: {
        invoice_history: { enabled: true },
        payment_method_update: { enabled: true },
        subscription_cancel: { enabled: true, mode: "at_period_end" },
        subscription_update: { enabled: false },
        customer_update: { enabled: false },
      },
      metadata: { atrium: PORTAL_CONFIGURATION_VERSION },
    }),
  );
  return created.id;
}

