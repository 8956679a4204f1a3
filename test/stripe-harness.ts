import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import Stripe from "stripe";
import { afterAll } from "vitest";
import { FakeStripe } from "./fake-stripe";
import { makeTenant, TEST_META } from "./factories";

// Stripe mode for the importing test file: the real library against a local fake server, real
// signatures. Import this before anything that reads the environment.
export const fake = await new FakeStripe().start();
const WEBHOOK_SECRET = "whsec_test_secret_for_atrium_tests";
process.env.STRIPE_SECRET_KEY = "sk_test_atrium";
process.env.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET;
process.env.STRIPE_API_BASE = fake.url;
afterAll(() => fake.stop());

const { handleStripeWebhook } = await import("../server/billing/stripe/handle-webhook");
const { startCheckout } = await import("../server/billing/manage-subscription");
const { withTenant } = await import("../server/db/with-tenant");
const { subscriptions } = await import("../server/db/schema");

const signer = new Stripe("sk_test_signer");
fake.addPrice("atrium_starter_month", 2_900, "month");
fake.addPrice("atrium_pro_month", 9_900, "month");
fake.addPrice("atrium_enterprise_month", 29_900, "month");
fake.addPrice("atrium_pro_month_eur", 8_900, "month", "eur");
fake.addPrice("atrium_enterprise_month_eur", 27_900, "month", "eur");

let eventSeq = 0;
export const nextSeq = () => ++eventSeq;

export function event(type: string, object: Record<string, unknown>, idSuffix = `${++eventSeq}`) {
  return { id: `evt_${idSuffix}`, object: "event", type, created: Math.floor(Date.now() / 1000), api_version: "2026-10-28.endive", livemode: false, data: { object } };
}

export function deliver(payload: unknown, options: { secret?: string; timestamp?: number } = {}) {
  const body = JSON.stringify(payload);
  const header = signer.webhooks.generateTestHeaderString({ payload: body, secret: options.secret ?? WEBHOOK_SECRET, timestamp: options.timestamp });
  return handleStripeWebhook(body, header, TEST_META);
}

/** A subscription event as Stripe sends it (the handler reads the subscription itself). */
export function subscriptionEvent(type: string, subscriptionId: string, customer: string) {
  return event(type, { id: subscriptionId, object: "subscription", customer });
}

/** A tenant (owner + billing member) with a Stripe customer, created through a real checkout call. */
export async function stripeTenant() {
  const made = await makeTenant([{ role: "billing" }]);
  const { url } = await startCheckout({ tenantId: made.tenant.id, actorUserId: made.owner.id, meta: TEST_META, planId: "pro", interval: "month", origin: "http://x.localhost:3000", attemptId: randomUUID() });
  const [row] = await withTenant(made.tenant.id, (tx) => tx.select().from(subscriptions).where(eq(subscriptions.tenantId, made.tenant.id)));
  return { ...made, customerId: row!.customerId, checkoutUrl: url };
}
