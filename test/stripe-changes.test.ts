import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { contextFor, makeTenant, TEST_META } from "./factories";
import { deliver, event, fake, nextSeq, stripeTenant, subscriptionEvent } from "./stripe-harness";
import { checkout, DAY, emailsTo, now, sessionIdOf, stateOf } from "./billing-state";

// What happens after Atrium itself changes a subscription at Stripe, the Stripe customer, and
// events whose contents no redelivery can fix (split from billing-correctness.test.ts).

const { changePlan, setCancelAtPeriodEnd } = await import("../server/billing/manage-subscription");
const { transitionTenantStatus } = await import("../server/billing/transition-tenant-status");
const { renameTenant } = await import("../server/tenants/rename-tenant");
const { createCaller } = await import("../server/trpc/root");
const { withTenant } = await import("../server/db/with-tenant");
const schema = await import("../server/db/schema");



describe("an ended subscription stays ended", () => {
  it("an ended subscription's late events do not cancel the workspace again after an operator comped it", async () => {
    const t = await stripeTenant();
    const a = fake.completeCheckout(sessionIdOf(t.checkoutUrl));
    await deliver(subscriptionEvent("customer.subscription.created", a.id, t.customerId));
    fake.setSubscription({ ...a, status: "canceled" });
    const deleted = subscriptionEvent("customer.subscription.deleted", a.id, t.customerId);
    await deliver(deleted);
    expect((await stateOf(t.tenant.id)).tenant.status).toBe("cancelled");
    // An operator comps Pro: active without a subscription (what compWorkspacePlan records).
    await withTenant(t.tenant.id, async (tx) => {
      const [tenant] = await tx.update(schema.tenants).set({ planId: "pro" }).where(eq(schema.tenants.id, t.tenant.id)).returning();
      await transitionTenantStatus(tx, { tenant: tenant!, to: "active", planId: "pro", reason: "comped", cause: "operator:test", source: "operator", quiet: true, meta: TEST_META });
    });
    await deliver(deleted);
    await deliver(subscriptionEvent("customer.subscription.updated", a.id, t.customerId));
    await deliver(event("invoice.paid", { id: `in_late_${nextSeq()}`, object: "invoice", customer: t.customerId, number: "INV-LATE", status: "paid", amount_due: 0, amount_paid: 0, currency: "usd", parent: { type: "subscription_details", subscription_details: { subscription: a.id } } }));
    const state = await stateOf(t.tenant.id);
    expect(state.tenant).toMatchObject({ status: "active", planId: "pro" });
    expect(state.audit.filter((x) => x === "tenant.status_changed")).toHaveLength(3); // active, cancelled, active (comp)
  });

});

describe("a catalog price change", () => {
  it("keeps the subscribers still paying the old price on their plan and interval, and their revenue is no churn", async () => {
    const t = await stripeTenant();
    const sub = fake.completeCheckout(sessionIdOf(t.checkoutUrl));
    await deliver(subscriptionEvent("customer.subscription.created", sub.id, t.customerId));
    expect((await stateOf(t.tenant.id)).current).toMatchObject({ planId: "pro", interval: "month" });
    // The monthly Pro price goes up: `npm run stripe:sync` makes a new price and moves the lookup key
    // to it (transfer_lookup_key); this subscriber stays on the old price, now without a key.
    const old = fake.prices.get(sub.priceId!)!;
    const { getStripe } = await import("../server/billing/stripe/client");
    const raised = await getStripe().prices.create({ product: old.product as string, currency: "usd", unit_amount: 12_900, recurring: { interval: "month" }, lookup_key: "atrium_pro_month", transfer_lookup_key: true, metadata: { planId: "pro" } });
    expect(old.lookup_key).toBeNull();
    try {
      await deliver(event("invoice.paid", { id: `in_${nextSeq()}`, object: "invoice", customer: t.customerId, number: "INV-RENEW", status: "paid", amount_due: 9_900, amount_paid: 9_900, currency: "usd", parent: { type: "subscription_details", subscription_details: { subscription: sub.id } } }));
      await deliver(subscriptionEvent("customer.subscription.updated", sub.id, t.customerId));
      const state = await stateOf(t.tenant.id);
      expect(state.tenant).toMatchObject({ status: "active", planId: "pro" });
      expect(state.current).toMatchObject({ planId: "pro", interval: "month" });
      const movements = await withTenant(t.tenant.id, (tx) => tx.select().from(schema.mrrMovements).where(eq(schema.mrrMovements.tenantId, t.tenant.id)));
      expect(movements.map((m) => [m.kind, m.fromCents, m.toCents])).toEqual([["new", 0, 9_900]]);
    } finally {
      // The shared fake's catalog as it was, for the tests after this one.
      old.lookup_key = "atrium_pro_month";
      fake.prices.delete(raised.id);
    }
  });
});

describe("the Stripe customer", () => {
  it("a checkout that failed after Stripe made the customer, then a rename: the next one works, with that customer and the new name", async () => {
    const made = await makeTenant([{ role: "billing" }]);
    fake.failRequests("POST", /^\/v1\/checkout\/sessions$/);
    await expect(checkout(made.tenant.id, made.owner.id, "pro")).rejects.toBeTruthy();
    fake.heal();
    await renameTenant({ tenantId: made.tenant.id, actorUserId: made.owner.id, name: "Renamed Before Paying", meta: TEST_META });
    expect((await checkout(made.tenant.id, made.owner.id, "pro")).url).toBeTruthy();
    const mine = [...fake.customers.values()].filter((c) => (c.metadata as Record<string, string>).tenantId === made.tenant.id);
    expect(mine.map((c) => c.name)).toEqual(["Renamed Before Paying"]);
    expect((await stateOf(made.tenant.id)).current?.customerId).toBe(mine[0]!.id);
  });

  it("deleted at Stripe (in the Dashboard): the portal says so, and the next checkout makes a new customer and works", async () => {
    const t = await stripeTenant();
    const a = fake.completeCheckout(sessionIdOf(t.checkoutUrl));
    await deliver(subscriptionEvent("customer.subscription.created", a.id, t.customerId));
    const { getStripe } = await import("../server/billing/stripe/client");
    // Deleted in the Dashboard (which ends its subscriptions); the webhook saying so is late.
    await getStripe().customers.del(t.customerId);
    const caller = createCaller(contextFor({ user: t.owner, tenant: t.tenant }));
    await expect(caller.billing.portal()).rejects.toMatchObject({
      code: "CONFLICT",
      message: "This workspace's billing account no longer exists at Stripe. Choose a plan on this page to subscribe again.",
    });
    // The form, then the same form sent again (its first checkout again), then a second tab's at
    // once with a third: one new customer, and each answer a checkout.
    const attempt = randomUUID();
    const first = await caller.billing.createCheckout({ planId: "pro", interval: "month", attemptId: attempt });
    expect((await caller.billing.createCheckout({ planId: "pro", interval: "month", attemptId: attempt })).url).toBe(first.url);
    const [, second] = await Promise.all([
      caller.billing.createCheckout({ planId: "pro", interval: "month", attemptId: randomUUID() }),
      caller.billing.createCheckout({ planId: "pro", interval: "month", attemptId: randomUUID() }),
    ]);
    expect(first.url && second.url).toBeTruthy();
    const mine = [...fake.customers.values()].filter((c) => (c.metadata as Record<string, string>).tenantId === t.tenant.id && !c.deleted);
    expect(mine).toHaveLength(1);
    expect((await stateOf(t.tenant.id)).current?.customerId).toBe(mine[0]!.id);
    // The old subscription's end was applied on the way, so the late event changes nothing.
    expect((await stateOf(t.tenant.id)).tenant.status).toBe("cancelled");
    await deliver(subscriptionEvent("customer.subscription.deleted", a.id, t.customerId));
    expect((await stateOf(t.tenant.id)).tenant.status).toBe("cancelled");
    // Paying it brings the workspace back, found by its new customer.
    const b = fake.completeCheckout(sessionIdOf(second.url));
    expect(b.customer).toBe(mine[0]!.id);
    await deliver(subscriptionEvent("customer.subscription.created", b.id, b.customer));
    expect((await stateOf(t.tenant.id)).tenant).toMatchObject({ status: "active", planId: "pro" });
  });

  it("Stripe down during a checkout is a 503 that names the payment provider, not 'something went wrong'", async () => {
    const made = await makeTenant();
    fake.failRequests("POST", /^\/v1\/customers$/);
    const caller = createCaller(contextFor({ user: made.owner, tenant: made.tenant }));
    await expect(caller.billing.createCheckout({ planId: "pro", interval: "month", attemptId: randomUUID() })).rejects.toMatchObject({
      code: "SERVICE_UNAVAILABLE",
      message: "The payment provider cannot be reached right now. Try again in a minute.",
    });
    fake.heal();
  });
});

describe("a change made through Atrium is applied at once, as Stripe holds it", () => {
  const moves = (tenantId: string) =>
    withTenant(tenantId, async (tx) => (await tx.select().from(schema.mrrMovements).where(eq(schema.mrrMovements.tenantId, tenantId))).map((m) => `${m.kind}:${m.fromCents}->${m.toCents}`).sort());
  const coupon = (fields: Record<string, unknown>) => ({ id: `di_${nextSeq()}`, object: "discount", source: { type: "coupon", coupon: { id: `co_${nextSeq()}`, object: "coupon", ...fields } } });

  it("scheduling the end of a discounted subscription leaves its MRR alone (the read expands the discount)", async () => {
    const t = await stripeTenant();
    const subId = `sub_disc_${nextSeq()}`;
    fake.setSubscription({ id: subId, customer: t.customerId, status: "active", lookupKey: "atrium_pro_month", periodEnd: now() + 20 * DAY, discounts: [coupon({ percent_off: 50, amount_off: null, duration: "forever" })] });
    await deliver(subscriptionEvent("customer.subscription.created", subId, t.customerId));
    const before = await moves(t.tenant.id);
    await setCancelAtPeriodEnd({ tenantId: t.tenant.id, actorUserId: t.owner.id, meta: TEST_META, cancel: true, attemptId: randomUUID() });
    expect((await stateOf(t.tenant.id)).current).toMatchObject({ cancelAtPeriodEnd: true });
    expect(await moves(t.tenant.id)).toEqual(before);
  });

  it("a webhook applied while the change's answer was on its way is not overwritten by it", async () => {
    const t = await stripeTenant();
    const subId = `sub_race_${nextSeq()}`;
    const base = { id: subId, customer: t.customerId, status: "active", lookupKey: "atrium_pro_month", periodEnd: now() + 20 * DAY };
    fake.setSubscription(base);
    await deliver(subscriptionEvent("customer.subscription.created", subId, t.customerId));
    const stalled = fake.stallNext("POST", new RegExp(`^/v1/subscriptions/${subId}$`), 1_000);
    const change = changePlan({ tenantId: t.tenant.id, actorUserId: t.owner.id, meta: TEST_META, planId: "enterprise", interval: "month", attemptId: randomUUID() });
    await stalled;
    // Meanwhile the subscription is also set to end (the portal, another tab) and its webhook applied.
    fake.setSubscription({ ...base, lookupKey: "atrium_enterprise_month", cancelAtPeriodEnd: true });
    await deliver(subscriptionEvent("customer.subscription.updated", subId, t.customerId));
    await change;
    expect((await stateOf(t.tenant.id)).current).toMatchObject({ planId: "enterprise", cancelAtPeriodEnd: true });
  });
});

describe("signed events no redelivery can fix", () => {
  it("a signed event whose fields no retry can fix is acknowledged as rejected, not a 503 that Stripe would retry for days; nothing is recorded or sent", async () => {
    const t = await stripeTenant();
    const a = fake.completeCheckout(sessionIdOf(t.checkoutUrl));
    await deliver(subscriptionEvent("customer.subscription.created", a.id, t.customerId));
    const invoice = (fields: Record<string, unknown>) => ({ id: `in_bad_${nextSeq()}`, object: "invoice", customer: t.customerId, number: "INV-1", status: "paid", amount_paid: 900, amount_due: 900, currency: "usd", period_end: now() + DAY, ...fields });
    const bad = [
      event("invoice.paid", invoice({ amount_paid: "lots" })),
      event("invoice.paid", invoice({ amount_paid: 1e20 })),
      event("invoice.paid", invoice({ currency: undefined })),
      event("invoice.paid", invoice({ number: "A\u0000B" })),
      event("invoice.paid", invoice({ id: undefined })),
      event("invoice.paid", invoice({ customer: "cus_\u0000x" })),
      { ...event("invoice.paid", invoice({})), id: "evt_\u0000nul" },
      event("customer.subscription.trial_will_end", { id: a.id, object: "subscription", customer: t.customerId, trial_end: "soon" }),
      event("invoice.upcoming", invoice({ next_payment_attempt: null, period_end: null })),
    ];
    for (const payload of bad) {
      const res = await deliver(payload);
      expect(res, JSON.stringify(payload.data.object)).toMatchObject({ status: 200, body: { result: "rejected", error: { code: "unprocessable_event" } } });
    }
    const state = await withTenant(t.tenant.id, (tx) => tx.select().from(schema.invoices).where(eq(schema.invoices.tenantId, t.tenant.id)));
    expect(state).toEqual([]);
    expect(await emailsTo(t.owner.email)).not.toContainEqual(expect.stringMatching(/Invalid Date|NaN/));
  });

  it("an invoice event in the shape of API versions before 2025-03-31 (subscription on the invoice itself) still refreshes its subscription", async () => {
    const t = await stripeTenant();
    const a = fake.completeCheckout(sessionIdOf(t.checkoutUrl));
    await deliver(subscriptionEvent("customer.subscription.created", a.id, t.customerId));
    fake.setSubscription({ ...a, status: "past_due" });
    const old = event("invoice.payment_failed", { id: `in_old_${nextSeq()}`, object: "invoice", customer: t.customerId, subscription: a.id, number: "INV-OLD", status: "open", amount_paid: 0, amount_due: 9_900, currency: "usd", period_end: now() + DAY });
    expect(await deliver(old)).toMatchObject({ status: 200, body: { result: "processed" } });
    expect((await stateOf(t.tenant.id)).tenant.status).toBe("past_due");
  });

});
