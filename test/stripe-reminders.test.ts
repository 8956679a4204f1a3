import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { deliver, event, fake, nextSeq, stripeTenant, subscriptionEvent } from "./stripe-harness";
import { DAY, emailsTo, now, sessionIdOf } from "./billing-state";

// Reminders Stripe sends ahead of time (trial ending, invoice upcoming) arrive late after an
// outage, replayed, or about a subscription that has changed since: each is sent only while what
// it announces is still true, with the date Stripe holds now.

const { withTenant } = await import("../server/db/with-tenant");
const schema = await import("../server/db/schema");

const TRIAL = "Your trial ends soon";
const UPCOMING = "Upcoming invoice: $99";

/** A workspace whose current subscription (at Stripe and here) is `status`, trial ending in three days when trialing. */
async function subscribed(status: "trialing" | "active", fields: { cancelAtPeriodEnd?: boolean } = {}) {
  const t = await stripeTenant();
  const sub = { ...fake.completeCheckout(sessionIdOf(t.checkoutUrl)), status, trialEnd: status === "trialing" ? now() + 3 * DAY : null, ...fields };
  fake.setSubscription(sub);
  await deliver(subscriptionEvent("customer.subscription.created", sub.id, t.customerId));
  return { ...t, sub };
}

const trialWillEnd = (t: { sub: { id: string }; customerId: string }, trialEnd: number) =>
  event("customer.subscription.trial_will_end", { id: t.sub.id, object: "subscription", customer: t.customerId, status: "trialing", trial_end: trialEnd });

const upcoming = (t: { sub: { id: string }; customerId: string }, at: number) =>
  event("invoice.upcoming", {
    object: "invoice",
    customer: t.customerId,
    amount_due: 9_900,
    currency: "usd",
    next_payment_attempt: at,
    period_end: at,
    parent: { type: "subscription_details", subscription_details: { subscription: t.sub.id } },
  });

describe("Stripe's reminders", () => {
  it("a trial reminder goes out once, with Stripe's current date; replayed it is not sent again", async () => {
    const t = await subscribed("trialing");
    // The event's own date is stale (the trial was extended since): the email is still sent, once.
    const first = trialWillEnd(t, now() + DAY);
    await deliver(first);
    await deliver({ ...first, id: `evt_replay_${nextSeq()}` });
    expect(await emailsTo(t.owner.email)).toEqual(expect.arrayContaining([TRIAL]));
    expect((await emailsTo(t.owner.email)).filter((s) => s === TRIAL)).toHaveLength(1);
  });

  it("no trial reminder once the trial is over, or for a subscription no longer trialing", async () => {
    const ended = await subscribed("trialing");
    fake.setSubscription({ ...ended.sub, trialEnd: now() - DAY });
    await deliver(trialWillEnd(ended, now() - DAY));
    const converted = await subscribed("trialing");
    fake.setSubscription({ ...converted.sub, status: "active", trialEnd: null });
    await deliver(trialWillEnd(converted, now() + 2 * DAY));
    expect(await emailsTo(ended.owner.email)).not.toContain(TRIAL);
    expect(await emailsTo(converted.owner.email)).not.toContain(TRIAL);
  });

  it("an upcoming-invoice reminder only before the charge, for a subscription that will renew, of a workspace that still exists", async () => {
    const renewing = await subscribed("active");
    await deliver(upcoming(renewing, now() + 3 * DAY));
    expect(await emailsTo(renewing.owner.email)).toContain(UPCOMING);

    const late = await subscribed("active");
    await deliver(upcoming(late, now() - 3_600));
    const ending = await subscribed("active", { cancelAtPeriodEnd: true });
    await deliver(upcoming(ending, now() + 3 * DAY));
    const deleted = await subscribed("active");
    await withTenant(deleted.tenant.id, (tx) => tx.update(schema.tenants).set({ deletedAt: new Date() }).where(eq(schema.tenants.id, deleted.tenant.id)));
    await deliver(upcoming(deleted, now() + 3 * DAY));
    for (const t of [late, ending, deleted]) expect(await emailsTo(t.owner.email)).not.toContain(UPCOMING);
  });
});
