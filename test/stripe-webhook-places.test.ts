import { describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { makeTenant, TEST_META } from "./factories";
import { deliver, fake, stripeTenant, subscriptionEvent } from "./stripe-harness";
import { sessionIdOf } from "./billing-state";

// Each Stripe event holds a pooled connection while it reads the subscription from Stripe: during
// a Stripe brownout, a burst of deliveries must not take every connection of the portal. Only a
// few are processed at once; the rest wait their turn, and past the wait are answered 503 with
// nothing recorded, so Stripe's redelivery processes them.

const { maxStripeHolders, takeBillingPlace, takeWebhookPlace, webhookPlacesInUse } = await import("../server/billing/stripe/stripe-places");
const { changePlan, startCheckout } = await import("../server/billing/manage-subscription");
const { withTenant } = await import("../server/db/with-tenant");
const { tenants } = await import("../server/db/schema");
const { eq } = await import("drizzle-orm");
const { updateBillingDetails } = await import("../server/billing/billing-details");
const { processStripeEvent } = await import("../server/billing/stripe/process-stripe-event");

async function subscribedTenant() {
  const t = await stripeTenant();
  const sub = fake.completeCheckout(sessionIdOf(t.checkoutUrl));
  return { ...t, sub };
}

describe("Stripe events processed at once", () => {
  it("at most a few hold a connection while Stripe is slow; the others wait their turn and are all processed", async () => {
    const max = maxStripeHolders();
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
    const held = await Promise.all(Array.from({ length: maxStripeHolders() }, () => takeWebhookPlace()));
    const e = subscriptionEvent("customer.subscription.created", t.sub.id, t.customerId);
    await expect(processStripeEvent(e as never, TEST_META, { waitMs: 100 })).rejects.toMatchObject({ code: "UNAVAILABLE", reason: "webhooks_busy" });
    expect(webhookPlacesInUse()).toEqual({ running: maxStripeHolders(), waiting: 0 });
    // A delivery now waits; a place given back lets it through.
    const waiting = deliver(e);
    await expect.poll(() => webhookPlacesInUse().waiting, { timeout: 5_000, interval: 25 }).toBe(1);
    held.pop()!();
    expect(await waiting).toMatchObject({ status: 200, body: { result: "processed" } });
    held.forEach((release) => release());
    expect(webhookPlacesInUse()).toEqual({ running: 0, waiting: 0 });
  });

  it("a checkout waits in the same line (it too holds a connection while Stripe answers), and past the wait says nothing was charged", async () => {
    const { tenant, owner } = await makeTenant([{ role: "billing" }]);
    const held = await Promise.all(Array.from({ length: maxStripeHolders() }, () => takeWebhookPlace()));
    const sessions = () => fake.count("POST", "/v1/checkout/sessions");
    const before = sessions();
    const checkout = startCheckout({ tenantId: tenant.id, actorUserId: owner.id, meta: TEST_META, planId: "pro", interval: "month", origin: "http://x.localhost:3000", attemptId: randomUUID() });
    await expect.poll(() => webhookPlacesInUse().waiting, { timeout: 5_000, interval: 25 }).toBe(1);
    // Nothing reached Stripe while it waited.
    expect(sessions()).toBe(before);
    held.pop()!();
    expect((await checkout).url).toMatch(/^https?:\/\//);
    expect(sessions()).toBe(before + 1);
    expect(webhookPlacesInUse()).toEqual({ running: maxStripeHolders() - 1, waiting: 0 });
    held.push(await takeWebhookPlace());
    const late = takeBillingPlace(50);
    await expect(late).rejects.toMatchObject({ code: "UNAVAILABLE", reason: "billing_busy", message: expect.stringMatching(/Nothing was changed or charged/) });
    held.forEach((release) => release());
    expect(webhookPlacesInUse()).toEqual({ running: 0, waiting: 0 });
  });

  it("a move down left to its webhook (the line was full) keeps the lower plan's limits meanwhile", { timeout: 30_000 }, async () => {
    const t = await subscribedTenant();
    await deliver(subscriptionEvent("customer.subscription.created", t.sub.id, t.customerId));
    const held = await Promise.all(Array.from({ length: maxStripeHolders() }, () => takeWebhookPlace()));
    try {
      await changePlan({ tenantId: t.tenant.id, actorUserId: t.owner.id, meta: TEST_META, planId: "starter", interval: "month", attemptId: randomUUID() });
    } finally {
      held.forEach((release) => release());
    }
    // Changed at Stripe, not applied here yet: Starter's limits hold (not Pro's) until the event lands.
    const [row] = await withTenant(t.tenant.id, (tx) => tx.select().from(tenants).where(eq(tenants.id, t.tenant.id)));
    expect(row).toMatchObject({ planId: "pro", pendingPlanId: "starter" });
    expect(row!.pendingPlanUntil!.getTime()).toBeGreaterThan(Date.now());
    await deliver(subscriptionEvent("customer.subscription.updated", t.sub.id, t.customerId));
    const [after] = await withTenant(t.tenant.id, (tx) => tx.select().from(tenants).where(eq(tenants.id, t.tenant.id)));
    // Applied: the hold has done its work, and the next change (back up) is not refused as under way.
    expect(after).toMatchObject({ planId: "starter", pendingPlanId: null, pendingPlanUntil: null });
    await changePlan({ tenantId: t.tenant.id, actorUserId: t.owner.id, meta: TEST_META, planId: "pro", interval: "month", attemptId: randomUUID() });
    const [back] = await withTenant(t.tenant.id, (tx) => tx.select().from(tenants).where(eq(tenants.id, t.tenant.id)));
    expect(back!.planId).toBe("pro");
  });

  it("billing details sent to the customer wait in the same line, and are saved once a place frees", async () => {
    const t = await subscribedTenant();
    const held = await Promise.all(Array.from({ length: maxStripeHolders() }, () => takeWebhookPlace()));
    const saving = updateBillingDetails({ tenantId: t.tenant.id, actorUserId: t.owner.id, details: { email: "invoices@example.test", taxId: null }, meta: TEST_META });
    await expect.poll(() => webhookPlacesInUse().waiting, { timeout: 5_000, interval: 25 }).toBe(1);
    held.pop()!();
    expect(await saving).toEqual({ changed: true });
    held.forEach((release) => release());
    expect(webhookPlacesInUse()).toEqual({ running: 0, waiting: 0 });
  });
});
