import { asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { deliver, event, fake, nextSeq, stripeTenant } from "./stripe-harness";

// Stripe mode: the ledger follows what Stripe bills (price, quantity, recurring discounts), and
// replayed or out-of-date webhooks add nothing.

const { withTenant } = await import("../server/db/with-tenant");
const { mrrMovements } = await import("../server/db/schema");

const moves = (tenantId: string) =>
  withTenant(tenantId, async (tx) =>
    (await tx.select().from(mrrMovements).where(eq(mrrMovements.tenantId, tenantId)).orderBy(asc(mrrMovements.seq))).map((m) => [m.kind, m.fromCents, m.toCents]),
  );

const coupon = (fields: Record<string, unknown>) => ({ id: `di_${nextSeq()}`, object: "discount", source: { type: "coupon", coupon: { id: `co_${nextSeq()}`, object: "coupon", ...fields } } });

describe("Stripe webhooks write the revenue ledger", () => {
  it("subscribe, replay, seats, a forever discount (a once coupon ignored), yearly, cancel, resubscribe", async () => {
    fake.addPrice("atrium_pro_year", 99_000, "year");
    const t = await stripeTenant();
    const subId = `sub_rev_${nextSeq()}`;
    const base = { id: subId, customer: t.customerId, status: "active", lookupKey: "atrium_pro_month", periodEnd: 1_900_000_000 };
    const update = async (changes: Record<string, unknown>, type = "customer.subscription.updated") => {
      fake.setSubscription({ ...base, ...changes });
      await deliver(event(type, { id: subId, object: "subscription", customer: t.customerId }));
    };

    await update({}, "customer.subscription.created");
    await update({}, "customer.subscription.created"); // a redelivery under a new event id
    await update({ quantity: 3 });
    await update({ quantity: 3, discounts: [coupon({ percent_off: 10, amount_off: null, duration: "once" })] });
    await update({ quantity: 3, discounts: [coupon({ percent_off: 20, amount_off: null, duration: "forever" })] });
    await update({ lookupKey: "atrium_pro_year", discounts: [coupon({ percent_off: null, amount_off: 9_000, duration: "repeating" })] });
    await update({ lookupKey: "atrium_pro_year", status: "canceled" }, "customer.subscription.deleted");

    expect(await moves(t.tenant.id)).toEqual([
      ["new", 0, 9_900],
      ["expansion", 9_900, 29_700],
      ["contraction", 29_700, 23_760],
      // (99,000 - 9,000) / 12 a month.
      ["contraction", 23_760, 7_500],
      ["churn", 7_500, 0],
    ]);

    // A new subscription after the old one ended is won-back revenue.
    const again = `sub_rev_again_${nextSeq()}`;
    fake.setSubscription({ id: again, customer: t.customerId, status: "active", lookupKey: "atrium_enterprise_month", periodEnd: 1_900_000_000 });
    await deliver(event("customer.subscription.created", { id: again, object: "subscription", customer: t.customerId }));
    expect((await moves(t.tenant.id)).at(-1)).toEqual(["reactivation", 0, 29_900]);
  });

  it("a Stripe-run trial is not revenue until it turns active", async () => {
    const t = await stripeTenant();
    const subId = `sub_trial_${nextSeq()}`;
    fake.setSubscription({ id: subId, customer: t.customerId, status: "trialing", lookupKey: "atrium_pro_month", periodEnd: 1_900_000_000, trialEnd: 1_900_000_000 });
    await deliver(event("customer.subscription.created", { id: subId, object: "subscription", customer: t.customerId }));
    expect(await moves(t.tenant.id)).toEqual([]);
    fake.setSubscription({ id: subId, customer: t.customerId, status: "active", lookupKey: "atrium_pro_month", periodEnd: 1_900_000_000 });
    await deliver(event("customer.subscription.updated", { id: subId, object: "subscription", customer: t.customerId }));
    expect(await moves(t.tenant.id)).toEqual([["new", 0, 9_900]]);
  });
});
