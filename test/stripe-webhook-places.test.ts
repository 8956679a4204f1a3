import { describe, expect, it } from "vitest";
import { TEST_META } from "./factories";
import { deliver, fake, stripeTenant, subscriptionEvent } from "./stripe-harness";
import { sessionIdOf } from "./billing-state";

// Each Stripe event holds a pooled connection while it reads the subscription from Stripe: during
// a Stripe brownout, a burst of deliveries must not take every connection of the portal. Only a
// few are processed at once; the rest wait their turn, and past the wait are answered 503 with
// nothing recorded, so Stripe's redelivery processes them.

const { maxWebhookEvents, takeWebhookPlace, webhookPlacesInUse } = await import("../server/billing/stripe/webhook-places");
const { processStripeEvent } = await import("../server/billing/stripe/process-stripe-event");

async function subscribedTenant() {
  const t = await stripeTenant();
  const sub = fake.completeCheckout(sessionIdOf(t.checkoutUrl));
  return { ...t, sub };
}

describe("Stripe events processed at once", () => {
  it("at most a few hold a connection while Stripe is slow; the others wait their turn and are all processed", async () => {
    const max = maxWebhookEvents();
    const tenants = await Promise.all(Array.from({ length: max + 2 }, () => subscribedTenant()));
    // Stripe answers each subscription read after 3 s: the first events are still waiting on it
    // when the others arrive.
    for (const t of tenants) fake.delayReads(t.sub.id, 3_000);
    const answers = Promise.all(tenants.map((t) => deliver(subscriptionEvent("customer.subscription.created", t.sub.id, t.customerId))));
    await expect.poll(() => webhookPlacesInUse(), { timeout: 2_500, interval: 50 }).toEqual({ running: max, waiting: 2 });
    for (const answer of await answers) expect(answer).toMatchObject({ status: 200, body: { result: "processed" } });
    expect(webhookPlacesInUse()).toEqual({ running: 0, waiting: 0 });
  });

  it("a delivery that waits too long is a 503 with nothing recorded, and Stripe's redelivery is processed", async () => {
    const t = await subscribedTenant();
    const held = await Promise.all(Array.from({ length: maxWebhookEvents() }, () => takeWebhookPlace()));
    const e = subscriptionEvent("customer.subscription.created", t.sub.id, t.customerId);
    await expect(processStripeEvent(e as never, TEST_META, { waitMs: 100 })).rejects.toMatchObject({ code: "UNAVAILABLE", reason: "webhooks_busy" });
    expect(webhookPlacesInUse()).toEqual({ running: maxWebhookEvents(), waiting: 0 });
    // A delivery now waits; a place given back lets it through.
    const waiting = deliver(e);
    await expect.poll(() => webhookPlacesInUse().waiting, { timeout: 5_000, interval: 25 }).toBe(1);
    held.pop()!();
    expect(await waiting).toMatchObject({ status: 200, body: { result: "processed" } });
    held.forEach((release) => release());
    expect(webhookPlacesInUse()).toEqual({ running: 0, waiting: 0 });
  });
});
