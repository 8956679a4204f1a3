import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { TEST_META } from "./factories";
import { deliver, event, fake, nextSeq, stripeTenant, subscriptionEvent } from "./stripe-harness";
import { checkout, DAY, emailsTo, now, sessionIdOf, stateOf } from "./billing-state";

// What a payments engineer does to billing: old subscriptions' events late and twice, two tabs,
// double clicks, two live subscriptions, slow reads from Stripe, Stripe-side trials, Stripe down.

const { getBillingOverview } = await import("../server/billing/get-billing-overview");
const { runLifecycleSweep } = await import("../server/billing/run-lifecycle-sweep");
const { runDueBillingJobs, backoffMs } = await import("../server/billing/billing-jobs");
const { pruneBillingEvents } = await import("../server/billing/prune-billing-events");
const { deleteTenant } = await import("../server/tenants/delete-tenant");
const { getDb } = await import("../server/db/client");
const schema = await import("../server/db/schema");


describe("an event about an old subscription never overrules the current one", () => {
  it("cancel A, subscribe B: late and replayed events for A leave the workspace on B", async () => {
    const t = await stripeTenant();
    const a = fake.completeCheckout(sessionIdOf(t.checkoutUrl));
    const aCreated = subscriptionEvent("customer.subscription.created", a.id, t.customerId);
    await deliver(aCreated);
    expect((await stateOf(t.tenant.id)).tenant).toMatchObject({ status: "active", planId: "pro" });

    // A is cancelled; the workspace follows it.
    fake.setSubscription({ ...a, status: "canceled" });
    const aDeleted = subscriptionEvent("customer.subscription.deleted", a.id, t.customerId);
    await deliver(aDeleted);
    expect((await stateOf(t.tenant.id)).tenant.status).toBe("cancelled");

    // Subscribe again: B (Enterprise) becomes current.
    const { url } = await checkout(t.tenant.id, t.owner.id, "enterprise");
    const b = fake.completeCheckout(sessionIdOf(url));
    await deliver(subscriptionEvent("customer.subscription.created", b.id, t.customerId));
    const before = await stateOf(t.tenant.id);
    expect(before.tenant).toMatchObject({ status: "active", planId: "enterprise" });
    expect(before.current).toMatchObject({ subscriptionId: b.id, status: "active" });

    // Late, redelivered and brand-new events about A: none of them may touch the workspace.
    await deliver(aDeleted);
    await deliver(aCreated);
    await deliver(subscriptionEvent("customer.subscription.deleted", a.id, t.customerId));
    await deliver(subscriptionEvent("customer.subscription.updated", a.id, t.customerId));
    await deliver(event("checkout.session.completed", { id: `cs_late_${nextSeq()}`, object: "checkout.session", customer: t.customerId, subscription: a.id }));

    const after = await stateOf(t.tenant.id);
    expect(after.tenant).toMatchObject({ status: "active", planId: "enterprise" });
    expect(after.current).toMatchObject({ subscriptionId: b.id, status: "active", planId: "enterprise" });
    // History keeps both, each with its own state.
    expect(Object.fromEntries(after.history.map((h) => [h.subscriptionId, h.status]))).toEqual({ [a.id]: "canceled", [b.id]: "active" });
    const overview = await getBillingOverview({ tenantId: t.tenant.id });
    expect(overview.subscription).toMatchObject({ hasSubscription: true, planId: "enterprise" });
    expect(after.audit.filter((x) => x === "tenant.status_changed")).toHaveLength(3); // active, cancelled, active
  });

  it("a stale read of a dead subscription never brings it back", async () => {
    const t = await stripeTenant();
    const a = fake.completeCheckout(sessionIdOf(t.checkoutUrl));
    await deliver(subscriptionEvent("customer.subscription.created", a.id, t.customerId));
    fake.setSubscription({ ...a, status: "canceled" });
    await deliver(subscriptionEvent("customer.subscription.deleted", a.id, t.customerId));
    // A lagging replica answers "active" for the cancelled subscription.
    fake.setSubscription({ ...a, status: "active" });
    await deliver(subscriptionEvent("customer.subscription.updated", a.id, t.customerId));
    const state = await stateOf(t.tenant.id);
    expect(state.tenant.status).toBe("cancelled");
    expect(state.history.find((h) => h.subscriptionId === a.id)!.status).toBe("canceled");
  });
});

describe("one live subscription per workspace", () => {
  it("a double click (same attempt) is one Checkout Session", async () => {
    const t = await stripeTenant();
    const attempt = randomUUID();
    const [first, second] = await Promise.all([checkout(t.tenant.id, t.owner.id, "pro", attempt), checkout(t.tenant.id, t.owner.id, "pro", attempt)]);
    expect(first.url).toBe(second.url);
    const open = fake.sessionsOf(t.customerId).filter((s) => s.status === "open");
    expect(open.map((s) => s.url)).toEqual([first.url]);
    // The key is the intent (workspace, price, attempt, customer), so Stripe itself returns the first session again.
    const proPrice = [...fake.prices.values()].find((p) => p.lookup_key === "atrium_pro_month")!.id as string;
    const keys = fake.requests.filter((r) => r.method === "POST" && r.path === "/v1/checkout/sessions" && r.idempotencyKey?.includes(attempt)).map((r) => r.idempotencyKey);
    const key = `checkout:${t.tenant.id}:${proPrice}:${attempt}:${t.customerId}`;
    expect(keys).toEqual([key, key]);
  });

  it("two tabs: only the newest checkout can be paid, and once Stripe has a subscription no new checkout starts", async () => {
    const t = await stripeTenant();
    const tab1 = await checkout(t.tenant.id, t.owner.id, "pro");
    const tab2 = await checkout(t.tenant.id, t.owner.id, "enterprise");
    expect(() => fake.completeCheckout(sessionIdOf(tab1.url))).toThrow(/expired/);
    const paid = fake.completeCheckout(sessionIdOf(tab2.url));

    // The webhook has not arrived yet: our database still says "no subscription", Stripe does not.
    expect((await stateOf(t.tenant.id)).current?.subscriptionId ?? null).toBeNull();
    await expect(checkout(t.tenant.id, t.owner.id, "starter")).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/already has a subscription/) });
    // Asking Stripe brought the workspace up to date.
    const state = await stateOf(t.tenant.id);
    expect(state.current).toMatchObject({ subscriptionId: paid.id, status: "active" });
    expect(state.tenant).toMatchObject({ status: "active", planId: "enterprise" });
    expect(fake.sessionsOf(t.customerId).filter((s) => s.status === "complete")).toHaveLength(1);
  });

  it("a tab that sends its form again after another tab's checkout does not expire the newer one: it is told to choose again", async () => {
    const t = await stripeTenant();
    const tab1 = await checkout(t.tenant.id, t.owner.id, "pro", "attempt-tab-1");
    const tab2 = await checkout(t.tenant.id, t.owner.id, "enterprise", "attempt-tab-2");
    // The same double click in tab 1 before tab 2 existed would have been the same session (replayed, still open).
    await expect(checkout(t.tenant.id, t.owner.id, "pro", "attempt-tab-1")).rejects.toMatchObject({ code: "CONFLICT", reason: "checkout_replaced", message: expect.stringMatching(/replaced by a newer one/) });
    expect(() => fake.completeCheckout(sessionIdOf(tab1.url))).toThrow(/expired/);
    // Tab 2's checkout is still the one that can be paid.
    expect(fake.completeCheckout(sessionIdOf(tab2.url)).status).toBe("active");
    // A double click (replay while still open) is the same session, as before.
    const other = await stripeTenant();
    const first = await checkout(other.tenant.id, other.owner.id, "pro", "attempt-double");
    expect((await checkout(other.tenant.id, other.owner.id, "pro", "attempt-double")).url).toBe(first.url);
  });

  it("two live subscriptions anyway: the first created stays, the other is cancelled and refunded once, in any delivery order", async () => {
    const outcomes = [];
    for (const order of ["newer-first", "older-first", "shuffled-thrice"] as const) {
      const t = await stripeTenant();
      const older = fake.completeCheckout(sessionIdOf(t.checkoutUrl), { created: now() - 60 });
      // A second session paid at the same moment (Atrium would refuse to start one now).
      const session = { id: `cs_dup_${nextSeq()}`, customer: t.customerId, price: [...fake.prices.values()].find((p) => p.lookup_key === "atrium_enterprise_month")!.id as string, status: "open" as const, url: "x", metadata: {} };
      fake.checkoutSessions.set(session.id, session);
      const newer = fake.completeCheckout(session.id, { created: now() });

      const events = [subscriptionEvent("customer.subscription.created", older.id, t.customerId), subscriptionEvent("customer.subscription.created", newer.id, t.customerId)];
      // A fixed interleaving of three copies of each (reproducible, unlike a random shuffle).
      const deliveries = order === "newer-first" ? [...events].reverse() : order === "older-first" ? events : [1, 0, 1, 1, 0, 0].map((i) => events[i]!);
      const plans: string[] = [];
      for (const e of deliveries) {
        expect((await deliver(e)).status).toBe(200);
        plans.push((await stateOf(t.tenant.id)).tenant.planId!);
      }
      // The cancellation itself comes back as an event about the duplicate.
      await deliver(subscriptionEvent("customer.subscription.deleted", newer.id, t.customerId));
      await deliver(subscriptionEvent("customer.subscription.updated", older.id, t.customerId));
      plans.push((await stateOf(t.tenant.id)).tenant.planId!);

      const state = await stateOf(t.tenant.id);
      expect(state.current).toMatchObject({ subscriptionId: older.id, planId: "pro", status: "active" });
      expect(fake.subscriptions.get(newer.id)!.status).toBe("canceled");
      expect(fake.subscriptions.get(older.id)!.status).toBe("active");
      const refunds = fake.refunds.filter((r) => (r.metadata as Record<string, string>).atriumDuplicateOf === newer.id);
      expect(refunds).toHaveLength(1);
      // Prorated: almost the whole month was unused.
      expect(refunds[0]!.amount as number).toBeGreaterThan(29_000);
      expect(refunds[0]!.amount as number).toBeLessThanOrEqual(29_900);
      expect(fake.requests.filter((r) => r.method === "DELETE" && r.path === `/v1/subscriptions/${newer.id}`)).toHaveLength(1);
      expect(state.jobs).toMatchObject([{ kind: "cancel_duplicate", subscriptionId: newer.id, doneAt: expect.any(Date) }]);
      expect(state.audit.filter((x) => x === "billing.duplicate_subscription")).toHaveLength(1);
      expect(state.audit.filter((x) => x === "billing.duplicate_refunded")).toHaveLength(1);
      expect((await emailsTo(t.owner.email)).filter((s) => /duplicate/.test(s))).toHaveLength(1);
      // Never alternating: once settled on Pro, it stays Pro.
      const settled = plans.indexOf("pro");
      expect(plans.slice(settled).every((p) => p === "pro")).toBe(true);
      outcomes.push(state.current!.subscriptionId === older.id);
    }
    expect(outcomes).toEqual([true, true, true]);
  });
});

describe("deciding between two live subscriptions on Stripe's facts, not our copy", () => {
  async function twoSubscriptions() {
    const t = await stripeTenant();
    const a = fake.completeCheckout(sessionIdOf(t.checkoutUrl), { created: now() - 600 });
    await deliver(subscriptionEvent("customer.subscription.created", a.id, t.customerId));
    const b = { id: `sub_b_${nextSeq()}`, customer: t.customerId, status: "active", lookupKey: "atrium_enterprise_month", periodEnd: now() + 30 * DAY, created: now() };
    return { t, a, b };
  }

  it("support set the old one to end before the new one's event arrived: the new one stays, the old one is refunded", async () => {
    const { t, a, b } = await twoSubscriptions();
    fake.setSubscription({ ...fake.subscriptions.get(a.id)!, cancelAtPeriodEnd: true }); // its event is still on the way
    fake.setSubscription(b);
    await deliver(subscriptionEvent("customer.subscription.created", b.id, t.customerId));
    const state = await stateOf(t.tenant.id);
    expect(state.current).toMatchObject({ subscriptionId: b.id, planId: "enterprise" });
    expect(fake.subscriptions.get(a.id)!.status).toBe("canceled");
    expect(fake.subscriptions.get(b.id)!.status).toBe("active");
  });

  it("the old one already ended at Stripe (its event not yet here): the new one simply becomes current, nothing is cancelled", async () => {
    const { t, a, b } = await twoSubscriptions();
    fake.setSubscription({ ...fake.subscriptions.get(a.id)!, status: "canceled" });
    fake.setSubscription(b);
    await deliver(subscriptionEvent("customer.subscription.created", b.id, t.customerId));
    const state = await stateOf(t.tenant.id);
    expect(state.current).toMatchObject({ subscriptionId: b.id, status: "active" });
    expect(state.jobs).toEqual([]);
    expect(fake.refunds.filter((r) => r.payment_intent && (r.metadata as Record<string, string>).atriumDuplicateOf === b.id)).toEqual([]);
  });

  it("a duplicate's cancellation is dropped if the subscription kept instead ends before the job runs", async () => {
    const { t, a, b } = await twoSubscriptions();
    fake.setSubscription(b);
    fake.failRequests("DELETE", new RegExp(`^/v1/subscriptions/${b.id}$`));
    await deliver(subscriptionEvent("customer.subscription.created", b.id, t.customerId));
    fake.heal();
    // The kept one (a) is cancelled before the job gets another go.
    fake.setSubscription({ ...fake.subscriptions.get(a.id)!, status: "canceled" });
    await deliver(subscriptionEvent("customer.subscription.deleted", a.id, t.customerId));
    await runDueBillingJobs({ now: new Date(Date.now() + backoffMs(1) + 1000) });
    expect(fake.subscriptions.get(b.id)!.status).toBe("active");
    const state = await stateOf(t.tenant.id);
    expect(state.audit).toContain("billing.duplicate_kept");
    // Released, so its next event makes it current: the customer keeps a working subscription.
    await deliver(subscriptionEvent("customer.subscription.updated", b.id, t.customerId));
    expect((await stateOf(t.tenant.id)).current).toMatchObject({ subscriptionId: b.id, status: "active" });
    expect((await stateOf(t.tenant.id)).tenant.status).toBe("active");
  });
});

describe("duplicate refunds", () => {
  it("a refund retried later asks for the same amount, measured from when the duplicate was cancelled", async () => {
    const t = await stripeTenant();
    const older = fake.completeCheckout(sessionIdOf(t.checkoutUrl), { created: now() - 600 });
    await deliver(subscriptionEvent("customer.subscription.created", older.id, t.customerId));
    const session = { id: `cs_dup_${nextSeq()}`, customer: t.customerId, price: [...fake.prices.values()].find((p) => p.lookup_key === "atrium_pro_month")!.id as string, status: "open" as const, url: "x", metadata: {} };
    fake.checkoutSessions.set(session.id, session);
    const newer = fake.completeCheckout(session.id);
    // Half of the duplicate's period is over, so half of its price is owed back.
    fake.setSubscription({ ...fake.subscriptions.get(newer.id)!, periodStart: now() - 15 * DAY, periodEnd: now() + 15 * DAY });
    fake.failRequests("POST", /^\/v1\/refunds$/);
    await deliver(subscriptionEvent("customer.subscription.created", newer.id, t.customerId));
    expect(fake.subscriptions.get(newer.id)!.status).toBe("canceled");
    expect(fake.refunds).not.toContainEqual(expect.objectContaining({ metadata: { atriumDuplicateOf: newer.id } }));
    fake.heal();
    // The retry comes much later: as if the cancellation had happened 10 days before it. The
    // refund must follow the cancellation (25 of 30 days unused), not the retry's clock (15 of 30).
    const duplicate = fake.subscriptions.get(newer.id)!;
    fake.setSubscription({ ...duplicate, canceledAt: duplicate.canceledAt! - 10 * DAY });
    await runDueBillingJobs({ now: new Date(Date.now() + backoffMs(1) + 1000) });
    const refunds = fake.refunds.filter((r) => (r.metadata as Record<string, string>).atriumDuplicateOf === newer.id);
    expect(refunds).toHaveLength(1);
    expect(Math.abs((refunds[0]!.amount as number) - 8_250)).toBeLessThanOrEqual(5);
  });
});

describe("changes Stripe refuses", () => {
  it("changing or cancelling a subscription that already ended at Stripe is a 409 with Stripe's reason, not a 500", async () => {
    const { changePlan, setCancelAtPeriodEnd } = await import("../server/billing/manage-subscription");
    const t = await stripeTenant();
    const sub = fake.completeCheckout(sessionIdOf(t.checkoutUrl));
    await deliver(subscriptionEvent("customer.subscription.created", sub.id, t.customerId));
    fake.setSubscription({ ...fake.subscriptions.get(sub.id)!, status: "canceled" }); // our copy has not heard yet
    const base = { tenantId: t.tenant.id, actorUserId: t.owner.id, meta: TEST_META, attemptId: randomUUID() };
    await expect(changePlan({ ...base, planId: "enterprise", interval: "month" })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/^Stripe refused this change/) });
    await expect(setCancelAtPeriodEnd({ ...base, cancel: true })).rejects.toMatchObject({ code: "CONFLICT" });
  });
});

describe("order safety", () => {
  it("a slow read from Stripe cannot overwrite newer state", async () => {
    const t = await stripeTenant();
    const sub = fake.completeCheckout(sessionIdOf(t.checkoutUrl));
    await deliver(subscriptionEvent("customer.subscription.created", sub.id, t.customerId));
    // The first read answers "active" after 800 ms; meanwhile Stripe moves on to past_due.
    fake.delayReads(sub.id, 800);
    const slow = deliver(subscriptionEvent("customer.subscription.updated", sub.id, t.customerId));
    await new Promise((r) => setTimeout(r, 150));
    fake.setSubscription({ ...fake.subscriptions.get(sub.id)!, status: "past_due" });
    const fast = deliver(subscriptionEvent("customer.subscription.updated", sub.id, t.customerId));
    expect((await Promise.all([slow, fast])).map((r) => r.status)).toEqual([200, 200]);
    const state = await stateOf(t.tenant.id);
    expect(state.current!.status).toBe("past_due");
    expect(state.tenant.status).toBe("past_due");
  });
});

describe("Stripe-side trials", () => {
  it("copies trial_end, and the sweep neither reminds nor suspends a workspace Stripe is running a trial for", async () => {
    const t = await stripeTenant();
    const trialEnd = now() + 20 * DAY;
    const subId = `sub_trial_${nextSeq()}`;
    fake.setSubscription({ id: subId, customer: t.customerId, status: "trialing", lookupKey: "atrium_pro_month", periodEnd: trialEnd, trialEnd });
    await deliver(subscriptionEvent("customer.subscription.created", subId, t.customerId));
    const state = await stateOf(t.tenant.id);
    expect(state.tenant.status).toBe("trialing");
    expect(state.tenant.trialEndsAt!.getTime()).toBe(trialEnd * 1000);
    expect(state.current!.trialEnd!.getTime()).toBe(trialEnd * 1000);

    // Two days before Stripe's trial ends, and well after Atrium's own 14 days would have.
    for (const at of [trialEnd - 2 * DAY, trialEnd - 0.5 * DAY, trialEnd + DAY]) {
      const report = await runLifecycleSweep({ now: new Date(at * 1000) });
      expect(report.actions.filter((a) => a.startsWith(t.tenant.slug))).toEqual([]);
    }
    expect((await stateOf(t.tenant.id)).tenant.status).toBe("trialing");
    expect((await emailsTo(t.owner.email)).filter((s) => /trial/i.test(s))).toEqual([]);
  });
});

describe("webhook edge cases", () => {
  const countEvents = async () => (await getDb().execute<{ n: number }>(sql`select count(*)::int as n from billing_events`))[0]!.n;

  it("an unknown customer is acknowledged without keeping a row; a subscription Stripe does not know is ignored with 2xx", async () => {
    const before = await countEvents();
    const unknown = await deliver(subscriptionEvent("customer.subscription.updated", "sub_x", "cus_nobody_knows"));
    expect(unknown).toEqual({ status: 200, body: { received: true, result: "ignored" } });
    expect(await countEvents()).toBe(before);

    const t = await stripeTenant();
    const gone = await deliver(subscriptionEvent("customer.subscription.updated", "sub_never_existed", t.customerId));
    expect(gone).toEqual({ status: 200, body: { received: true, result: "ignored" } });
    expect((await stateOf(t.tenant.id)).tenant.status).toBe("trialing");
  });

  it("a signed event without data is a 400", async () => {
    for (const payload of [{ id: "evt_nodata", object: "event", type: "customer.subscription.updated" }, { id: "evt_nullobj", type: "invoice.paid", data: { object: null } }, { id: 7, type: "x", data: { object: {} } }]) {
      const res = await deliver(payload);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: { code: "malformed_event" } });
    }
  });

  it("duplicate deliveries, sequential or concurrent, read the subscription from Stripe once", async () => {
    const t = await stripeTenant();
    const sub = fake.completeCheckout(sessionIdOf(t.checkoutUrl));
    const e = subscriptionEvent("customer.subscription.created", sub.id, t.customerId);
    const results = await Promise.all(Array.from({ length: 10 }, () => deliver(e)));
    for (let i = 0; i < 5; i++) results.push(await deliver(e));
    expect(results.filter((r) => r.body.result === "processed")).toHaveLength(1);
    expect(results.filter((r) => r.body.result === "duplicate")).toHaveLength(14);
    expect(fake.count("GET", `/v1/subscriptions/${sub.id}`)).toBe(1);
  });

  it("Stripe unreachable: 503 (Stripe retries), nothing recorded, and the retry is processed", async () => {
    const t = await stripeTenant();
    const sub = fake.completeCheckout(sessionIdOf(t.checkoutUrl));
    const e = subscriptionEvent("customer.subscription.created", sub.id, t.customerId);
    fake.failRequests("GET", new RegExp(`^/v1/subscriptions/${sub.id}$`));
    const failed = await deliver(e);
    expect(failed.status).toBe(503);
    expect(failed.body).toMatchObject({ error: { code: "unavailable" } });
    fake.heal();
    expect((await deliver(e)).body.result).toBe("processed");
    expect((await stateOf(t.tenant.id)).tenant.status).toBe("active");
  });

  it("one failed payment sends one email per billing contact", async () => {
    const t = await stripeTenant();
    const sub = fake.completeCheckout(sessionIdOf(t.checkoutUrl));
    await deliver(subscriptionEvent("customer.subscription.created", sub.id, t.customerId));
    fake.setSubscription({ ...fake.subscriptions.get(sub.id)!, status: "past_due" });
    const invoice = { id: `in_fail_${nextSeq()}`, object: "invoice", customer: t.customerId, number: "F-1", status: "open", amount_due: 9_900, amount_paid: 0, currency: "usd", attempt_count: 1, period_end: now(), parent: { type: "subscription_details", subscription_details: { subscription: sub.id } } };
    await deliver(event("invoice.payment_failed", invoice));
    await deliver(subscriptionEvent("customer.subscription.updated", sub.id, t.customerId));
    await deliver(event("invoice.payment_failed", { ...invoice, attempt_count: 2 }));
    for (const person of [t.owner.email, t.members[0]!.user.email]) {
      expect((await emailsTo(person)).filter((s) => /fail/i.test(s))).toHaveLength(1);
    }
    expect((await stateOf(t.tenant.id)).tenant.status).toBe("past_due");
  });

  it("processed event ids are forgotten after 30 days", async () => {
    await getDb().insert(schema.billingEvents).values([
      { eventId: `evt_old_${nextSeq()}`, type: "x", processedAt: new Date(Date.now() - 31 * DAY * 1000) },
      { eventId: `evt_recent_${nextSeq()}`, type: "x", processedAt: new Date(Date.now() - 29 * DAY * 1000) },
    ]);
    const before = await countEvents();
    expect(await pruneBillingEvents()).toBeGreaterThanOrEqual(1);
    expect(await countEvents()).toBe(before - 1);
  });
});

describe("deleting a workspace", () => {
  it("ends its Stripe subscription through a job that retries until Stripe answers, and expires open checkouts", async () => {
    const t = await stripeTenant();
    const sub = fake.completeCheckout(sessionIdOf(t.checkoutUrl));
    await deliver(subscriptionEvent("customer.subscription.created", sub.id, t.customerId));
    // A checkout left open in another tab (the current subscription aside, it must not be payable).
    const leftOpen = { id: `cs_open_${nextSeq()}`, customer: t.customerId, price: sub.id, status: "open" as const, url: "x", metadata: {} };
    fake.checkoutSessions.set(leftOpen.id, leftOpen);
    fake.failRequests("POST", new RegExp(`^/v1/subscriptions/${sub.id}$`));
    await deleteTenant({ tenantId: t.tenant.id, actorUserId: t.owner.id, confirmSlug: t.tenant.slug, meta: TEST_META });
    const jobs = () => stateOf(t.tenant.id).then((s) => Object.fromEntries(s.jobs.map((j) => [j.kind, j])));
    let byKind = await jobs();
    expect(byKind.end_subscription).toMatchObject({ subscriptionId: sub.id, attempts: 1, doneAt: null, lastError: expect.any(String) });
    expect(byKind.expire_checkouts).toMatchObject({ doneAt: expect.any(Date) });
    expect(leftOpen.status).toBe("expired");
    expect(fake.subscriptions.get(sub.id)!.cancelAtPeriodEnd).toBeFalsy();

    // The purge waits while a job still has to stop the billing.
    const { purgeDeletedTenants } = await import("../server/tenants/delete-tenant");
    await purgeDeletedTenants({ now: new Date(Date.now() + 365 * DAY * 1000) });
    expect((await stateOf(t.tenant.id)).tenant).toBeDefined();

    // Not before its backoff; then, with Stripe back, it goes through.
    expect((await runDueBillingJobs({ now: new Date() })).done).toBe(0);
    fake.heal();
    expect((await runDueBillingJobs({ now: new Date(Date.now() + backoffMs(1) + 1000) })).done).toBeGreaterThanOrEqual(1);
    byKind = await jobs();
    expect(byKind.end_subscription).toMatchObject({ attempts: 2, doneAt: expect.any(Date), lastError: null });
    expect(fake.subscriptions.get(sub.id)!.cancelAtPeriodEnd).toBe(true);
    const keys = fake.requests.filter((r) => r.method === "POST" && r.path === `/v1/subscriptions/${sub.id}`).map((r) => r.idempotencyKey);
    expect(keys.at(-1)).toBe(`job:${byKind.end_subscription!.id}:2:end`);
  });

  it("a subscription that starts after the deletion (a checkout paid late, or one resumed in Stripe) is made to end too", async () => {
    const t = await stripeTenant();
    await deleteTenant({ tenantId: t.tenant.id, actorUserId: t.owner.id, confirmSlug: t.tenant.slug, meta: TEST_META });
    // Its open checkout can no longer be paid...
    expect(() => fake.completeCheckout(sessionIdOf(t.checkoutUrl))).toThrow(/expired/);
    // ...and a subscription made anyway (in Stripe's dashboard) is set to end as soon as it shows up.
    const late = { id: `sub_late_${nextSeq()}`, customer: t.customerId, status: "active", lookupKey: "atrium_pro_month", periodEnd: now() + 30 * DAY };
    fake.setSubscription(late);
    await deliver(subscriptionEvent("customer.subscription.created", late.id, t.customerId));
    expect(fake.subscriptions.get(late.id)!.cancelAtPeriodEnd).toBe(true);
    // Resumed in Stripe's dashboard: ended again, by the same job reopened.
    fake.setSubscription({ ...fake.subscriptions.get(late.id)!, cancelAtPeriodEnd: false });
    await deliver(subscriptionEvent("customer.subscription.updated", late.id, t.customerId));
    expect(fake.subscriptions.get(late.id)!.cancelAtPeriodEnd).toBe(true);
    const jobs = (await stateOf(t.tenant.id)).jobs.filter((j) => j.kind === "end_subscription");
    expect(jobs).toHaveLength(1);
  });

  it("a job Stripe refuses outright (4xx) gives up at once instead of retrying for ever", async () => {
    const t = await stripeTenant();
    const sub = fake.completeCheckout(sessionIdOf(t.checkoutUrl));
    await deliver(subscriptionEvent("customer.subscription.created", sub.id, t.customerId));
    fake.failRequests("POST", new RegExp(`^/v1/subscriptions/${sub.id}$`), 400);
    await deleteTenant({ tenantId: t.tenant.id, actorUserId: t.owner.id, confirmSlug: t.tenant.slug, meta: TEST_META });
    fake.heal();
    const job = (await stateOf(t.tenant.id)).jobs.find((j) => j.kind === "end_subscription")!;
    expect(job).toMatchObject({ attempts: 1, doneAt: expect.any(Date), lastError: expect.stringMatching(/^gave up: /) });
  });
});

describe("billing holds the workspace lock without blocking the rest of the workspace", () => {
  it("usage ingestion goes on while a webhook waits for a slow Stripe read", async () => {
    const { ingestUsage } = await import("../server/usage/ingest-usage");
    const t = await stripeTenant();
    const sub = fake.completeCheckout(sessionIdOf(t.checkoutUrl));
    await deliver(subscriptionEvent("customer.subscription.created", sub.id, t.customerId));
    fake.delayReads(sub.id, 1500);
    const webhook = deliver(subscriptionEvent("customer.subscription.updated", sub.id, t.customerId));
    await new Promise((r) => setTimeout(r, 200));
    const started = Date.now();
    await ingestUsage({ tenantId: t.tenant.id, events: [{ metric: "units", quantity: 1, idempotencyKey: `during-${nextSeq()}` }] });
    expect(Date.now() - started).toBeLessThan(1000);
    expect((await webhook).status).toBe(200);
  });
});
