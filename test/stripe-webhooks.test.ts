import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { TEST_META } from "./factories";
import { deliver, event, fake, nextSeq, stripeTenant } from "./stripe-harness";
import { emailConsumer } from "../server/email/email-consumer";
import { relayCommittedEvents } from "./relay-consumer";

const { handleStripeWebhook } = await import("../server/billing/stripe/handle-webhook");
const { startCheckout, changePlan, openPortal } = await import("../server/billing/manage-subscription");
const { getDb } = await import("../server/db/client");
const { withTenant } = await import("../server/db/with-tenant");
const schema = await import("../server/db/schema");

async function stateOf(tenantId: string, people: Record<string, string>) {
  const { tenant, subscription, invoices, audit } = await withTenant(tenantId, async (tx) => ({
    tenant: (await tx.select().from(schema.tenants).where(eq(schema.tenants.id, tenantId)))[0]!,
    subscription: (await tx.select().from(schema.subscriptions).where(eq(schema.subscriptions.tenantId, tenantId)))[0],
    invoices: await tx.select().from(schema.invoices).where(eq(schema.invoices.tenantId, tenantId)),
    audit: await tx.select().from(schema.auditEvents).where(eq(schema.auditEvents.tenantId, tenantId)),
  }));
  await relayCommittedEvents(emailConsumer);
  const emails = await getDb().select().from(schema.emailOutbox);
  const mine = emails.filter((e) => people[e.toAddress]);
  const anonymise = (s: string) => s.replaceAll(tenant.name, "{tenant}");
  return {
    tenant: { status: tenant.status, planId: tenant.planId },
    subscription: subscription && { status: subscription.status, planId: subscription.planId, interval: subscription.interval, cancelAtPeriodEnd: subscription.cancelAtPeriodEnd, periodEnd: subscription.currentPeriodEnd?.getTime() },
    invoices: invoices.map((i) => `${i.number}:${i.status}:${i.amountCents}`).sort(),
    audit: audit
      .filter((a) => a.action.startsWith("billing.") || a.action === "tenant.status_changed")
      .map((a) => `${a.action}:${JSON.stringify(a.metadata)}`)
      .sort(),
    emails: mine.map((e) => `${people[e.toAddress]}:${anonymise(e.subject)}`).sort(),
  };
}

/** The recorded story of one subscription: checkout, first payment, upgrade with proration, failed renewal. */
function recordedSequence(tag: string, customer: string, subscription: string) {
  const invoice = (n: number, amount: number, failed = false) => ({
    id: `in_${tag}_${n}`,
    object: "invoice",
    customer,
    number: `INV-${n}`,
    status: failed ? "open" : "paid",
    amount_due: amount,
    amount_paid: failed ? 0 : amount,
    currency: "usd",
    attempt_count: 1,
    period_end: 1_900_000_000,
    hosted_invoice_url: null,
    parent: { type: "subscription_details", subscription_details: { subscription } },
  });
  const sub = { id: subscription, object: "subscription", customer, status: "active", items: { data: [] }, cancel_at_period_end: false };
  return [
    event("checkout.session.completed", { id: `cs_${tag}`, object: "checkout.session", customer, subscription, client_reference_id: null }, `${tag}_1`),
    event("customer.subscription.created", sub, `${tag}_2`),
    event("invoice.paid", invoice(1, 9_900), `${tag}_3`),
    event("customer.subscription.updated", sub, `${tag}_4`),
    event("invoice.paid", invoice(2, 20_000), `${tag}_5`),
    event("invoice.payment_failed", invoice(3, 29_900, true), `${tag}_6`),
    event("customer.subscription.updated", { ...sub, status: "past_due" }, `${tag}_7`),
  ];
}

function shuffled<T>(items: T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

describe("Stripe webhooks", () => {
  it("replayed three times in random order ends exactly as one in-order delivery", async () => {
    const runs = [];
    for (const mode of ["in-order", "replayed"] as const) {
      const t = await stripeTenant();
      const subId = `sub_${mode}_${nextSeq()}`;
      // What Stripe reports at processing time: Enterprise after the upgrade, past due after the failed renewal.
      fake.setSubscription({ id: subId, customer: t.customerId, status: "past_due", lookupKey: "atrium_enterprise_month", periodEnd: 1_900_000_000 });
      const events = recordedSequence(`${mode}${nextSeq()}`, t.customerId, subId);
      const deliveries = mode === "in-order" ? events : shuffled([...events, ...events, ...events]);
      for (const e of deliveries) expect((await deliver(e)).status).toBe(200);
      runs.push(await stateOf(t.tenant.id, { [t.owner.email]: "owner", [t.members[0]!.user.email]: "billing" }));
    }
    const [inOrder, replayed] = runs;
    expect(inOrder).toEqual(replayed);
    expect(inOrder!.tenant).toEqual({ status: "past_due", planId: "enterprise" });
    expect(inOrder!.invoices).toEqual(["INV-1:paid:9900", "INV-2:paid:20000", "INV-3:failed:29900"]);
    expect(inOrder!.audit.filter((a) => a.startsWith("tenant.status_changed"))).toHaveLength(1);
    // One failed payment: one email per billing contact (the invoice's), not a second for past_due.
    expect(inOrder!.emails.filter((e) => /failed/i.test(e))).toEqual(["billing:Action needed: a payment of $299 failed for {tenant}", "owner:Action needed: a payment of $299 failed for {tenant}"]);
    expect(inOrder!.emails.filter((e) => e.startsWith("owner:Receipt"))).toHaveLength(2);
  });

  it("10 concurrent deliveries of one event are processed once", async () => {
    const t = await stripeTenant();
    const seq = nextSeq();
    fake.setSubscription({ id: `sub_conc_${seq}`, customer: t.customerId, status: "active", lookupKey: "atrium_pro_month", periodEnd: 1_900_000_000 });
    const e = event("customer.subscription.created", { id: `sub_conc_${seq}`, object: "subscription", customer: t.customerId }, `conc_${seq}`);
    const results = await Promise.all(Array.from({ length: 10 }, () => deliver(e)));
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(results.filter((r) => r.body.result === "processed")).toHaveLength(1);
    expect(results.filter((r) => r.body.result === "duplicate")).toHaveLength(9);
    const state = await stateOf(t.tenant.id, { [t.owner.email]: "owner", [t.members[0]!.user.email]: "billing" });
    expect(state.tenant).toEqual({ status: "active", planId: "pro" });
    expect(state.audit.filter((a) => a.startsWith("tenant.status_changed"))).toHaveLength(1);
    expect(state.emails).toEqual(["billing:{tenant} is now on Pro", "owner:{tenant} is now on Pro"]);
  });

  it("rejects a bad signature and an old timestamp with 400 and writes nothing", async () => {
    const t = await stripeTenant();
    const seq = nextSeq();
    fake.setSubscription({ id: `sub_bad_${seq}`, customer: t.customerId, status: "active", lookupKey: "atrium_pro_month", periodEnd: 1_900_000_000 });
    const e = event("customer.subscription.created", { id: `sub_bad_${seq}`, object: "subscription", customer: t.customerId });
    const countEvents = async () => (await getDb().execute<{ n: number }>(sql`select count(*)::int as n from billing_events`))[0]!.n;
    const before = await countEvents();
    const forged = await deliver(e, { secret: "whsec_not_the_right_secret" });
    expect(forged.status).toBe(400);
    expect(forged.body).toEqual({ error: { code: "invalid_signature", message: "Signature verification failed." } });
    const stale = await deliver(e, { timestamp: Math.floor(Date.now() / 1000) - 3600 });
    expect(stale.status).toBe(400);
    expect((await handleStripeWebhook(JSON.stringify(e), null, TEST_META)).status).toBe(400);
    expect(await countEvents()).toBe(before);
    expect((await stateOf(t.tenant.id, {})).tenant).toEqual({ status: "trialing", planId: null });
  });

  it.each([
    // [Stripe status, workspace status before, workspace status after]: every row changes something
    // or proves something is kept, so none passes by leaving the starting status alone.
    ["incomplete", "past_due", "past_due"],
    ["incomplete_expired", "past_due", "past_due"],
    ["trialing", "suspended", "trialing"],
    ["active", "trialing", "active"],
    ["past_due", "active", "past_due"],
    ["canceled", "active", "cancelled"],
    ["unpaid", "active", "suspended"],
    ["paused", "active", "suspended"],
  ])("the current subscription turning %s: a %s workspace becomes %s", async (status, before, after) => {
    const t = await stripeTenant();
    const subId = `sub_status_${status}_${nextSeq()}`;
    // A subscription that starts out incomplete (first payment pending) or trialing, or an active one that then changes.
    const first = status.startsWith("incomplete") ? "incomplete" : status === "trialing" ? status : "active";
    fake.setSubscription({ id: subId, customer: t.customerId, status: first, lookupKey: "atrium_pro_month", periodEnd: 1_900_000_000 });
    await deliver(event("customer.subscription.created", { id: subId, object: "subscription", customer: t.customerId }));
    await withTenant(t.tenant.id, (tx) => tx.update(schema.tenants).set({ status: before as "active" }).where(eq(schema.tenants.id, t.tenant.id)));
    fake.setSubscription({ id: subId, customer: t.customerId, status, lookupKey: "atrium_pro_month", periodEnd: 1_900_000_000 });
    const res = await deliver(event("customer.subscription.updated", { id: subId, object: "subscription", customer: t.customerId }));
    expect(res.body.result).toBe("processed");
    expect((await stateOf(t.tenant.id, {})).tenant.status).toBe(after);
  });

  it("client_reference_id or metadata cannot bind another customer's subscription to a tenant", async () => {
    const victim = await stripeTenant();
    fake.setSubscription({ id: "sub_attacker", customer: "cus_attacker", status: "canceled", lookupKey: "atrium_pro_month", periodEnd: 1_900_000_000 });
    const res = await deliver(
      event("checkout.session.completed", { id: "cs_attacker", object: "checkout.session", customer: "cus_attacker", subscription: "sub_attacker", client_reference_id: victim.tenant.id, metadata: { tenantId: victim.tenant.id } }),
    );
    expect(res.body.result).toBe("ignored");
    const [row] = await withTenant(victim.tenant.id, (tx) => tx.select().from(schema.subscriptions).where(eq(schema.subscriptions.tenantId, victim.tenant.id)));
    expect(row!.customerId).toBe(victim.customerId);
    expect((await stateOf(victim.tenant.id, {})).tenant.status).toBe("trialing");
  });

  it("an event for an unknown customer is acknowledged and ignored", async () => {
    fake.setSubscription({ id: "sub_nobody", customer: "cus_nobody", status: "active", lookupKey: "atrium_pro_month", periodEnd: 1_900_000_000 });
    const res = await deliver(event("customer.subscription.updated", { id: "sub_nobody", object: "subscription", customer: "cus_nobody" }));
    expect(res).toEqual({ status: 200, body: { received: true, result: "ignored" } });
  });
});

describe("usage overage to Stripe meters", () => {
  it("reports each overage once, with an identifier that makes retries harmless", async () => {
    const { ingestUsage } = await import("../server/usage/ingest-usage");
    const { reportPendingOverage } = await import("../server/usage/report-overage");
    const t = await stripeTenant();
    const subId = `sub_overage_${nextSeq()}`;
    fake.setSubscription({ id: subId, customer: t.customerId, status: "active", lookupKey: "atrium_pro_month", periodEnd: Math.floor(Date.now() / 1000) + 20 * 86_400 });
    await deliver(event("customer.subscription.created", { id: subId, object: "subscription", customer: t.customerId }));
    await ingestUsage({ tenantId: t.tenant.id, events: [{ metric: "units", quantity: 99_990, idempotencyKey: "a" }] });
    const result = await ingestUsage({ tenantId: t.tenant.id, events: [{ metric: "units", quantity: 25, idempotencyKey: "b" }] });
    expect(result.quota.units).toMatchObject({ overage: 15, hard: false });

    expect(await reportPendingOverage()).toBe(1);
    const sent = [...fake.meterEvents.values()].filter((e) => (e.payload as Record<string, string>).stripe_customer_id === t.customerId);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ event_name: "atrium_usage_units", payload: { value: "15" } });
    expect(await reportPendingOverage()).toBe(0);

    // A crash after Stripe accepted but before we recorded it: the retry is refused as a duplicate.
    await withTenant(t.tenant.id, (tx) => tx.update(schema.usageOverage).set({ reportedAt: null }).where(eq(schema.usageOverage.tenantId, t.tenant.id)));
    expect(await reportPendingOverage()).toBe(1);
    expect([...fake.meterEvents.values()].filter((e) => (e.payload as Record<string, string>).stripe_customer_id === t.customerId)).toHaveLength(1);
  });
});

describe("Stripe calls", () => {
  it("creates one customer per tenant and a subscription checkout with promotion codes, always with idempotency keys", async () => {
    const t = await stripeTenant();
    await startCheckout({ tenantId: t.tenant.id, actorUserId: t.owner.id, meta: TEST_META, planId: "pro", interval: "month", origin: "http://x.localhost:3000", attemptId: randomUUID() });
    const customerCreates = fake.requests.filter((r) => r.path === "/v1/customers" && (r.body.metadata as Record<string, string>)?.tenantId === t.tenant.id);
    expect(customerCreates).toHaveLength(1);
    const checkout = fake.requests.filter((r) => r.method === "POST" && r.path === "/v1/checkout/sessions").at(-1)!;
    expect(checkout.body).toMatchObject({ mode: "subscription", customer: t.customerId, allow_promotion_codes: "true", client_reference_id: t.tenant.id });
    for (const r of fake.requests.filter((x) => x.method === "POST")) expect(r.idempotencyKey, r.path).toBeTruthy();
  });

  it("changes plan on the existing subscription with proration", async () => {
    const t = await stripeTenant();
    const subId = `sub_change_${nextSeq()}`;
    fake.setSubscription({ id: subId, customer: t.customerId, status: "active", lookupKey: "atrium_pro_month", periodEnd: 1_900_000_000 });
    await deliver(event("customer.subscription.created", { id: subId, object: "subscription", customer: t.customerId }));
    await changePlan({ tenantId: t.tenant.id, actorUserId: t.owner.id, meta: TEST_META, planId: "enterprise", interval: "month", attemptId: randomUUID() });
    const update = fake.requests.filter((r) => r.method === "POST" && r.path === `/v1/subscriptions/${subId}`).at(-1)!;
    expect(update.body).toMatchObject({ proration_behavior: "create_prorations", items: { "0": { id: `si_${subId}` } } });
    expect(update.idempotencyKey).toMatch(/^change-plan:/);
    // Stripe's answer is applied at once (the page shows it, and changing back is not refused as
    // "already on this plan" while the webhook is late); the webhook then changes nothing more.
    const applied = await stateOf(t.tenant.id, {});
    expect(applied.tenant.planId).toBe("enterprise");
    expect(applied.audit.filter((a) => a.startsWith("billing.plan_changed"))).toHaveLength(2); // subscribed to Pro, then Enterprise
    await deliver(event("customer.subscription.updated", { id: subId, object: "subscription", customer: t.customerId }));
    const after = await stateOf(t.tenant.id, {});
    expect(after.tenant.planId).toBe("enterprise");
    expect(after.audit.filter((a) => a.startsWith("billing.plan_changed"))).toEqual(applied.audit.filter((a) => a.startsWith("billing.plan_changed")));
    // And straight back, with no webhook in between.
    await changePlan({ tenantId: t.tenant.id, actorUserId: t.owner.id, meta: TEST_META, planId: "pro", interval: "month", attemptId: randomUUID() });
    expect((await stateOf(t.tenant.id, {})).tenant.planId).toBe("pro");
  });

  it("opens the Customer Portal without plan switching, with one configuration made once for every workspace", async () => {
    const [a, b] = await Promise.all([stripeTenant(), stripeTenant()]);
    const before = fake.portalSessions.length;
    // Two workspaces at once, then one again: the configuration is looked up or made once.
    await Promise.all([openPortal({ tenantId: a.tenant.id, origin: "http://a.localhost:3000" }), openPortal({ tenantId: b.tenant.id, origin: "http://b.localhost:3000" })]);
    await openPortal({ tenantId: a.tenant.id, origin: "http://a.localhost:3000" });
    const sessions = fake.portalSessions.slice(before);
    expect(sessions.map((s) => s.customer)).toEqual(expect.arrayContaining([a.customerId, b.customerId]));
    expect(sessions).toHaveLength(3);
    const configurations = [...fake.portalConfigurations.values()];
    expect(configurations).toHaveLength(1);
    expect(new Set(sessions.map((s) => s.configuration))).toEqual(new Set([configurations[0]!.id]));
    // A plan is changed in Billing, which checks the lower plan's limits; the portal cannot switch it.
    expect(configurations[0]!.features).toMatchObject({ subscription_update: { enabled: "false" }, customer_update: { enabled: "false" }, payment_method_update: { enabled: "true" }, invoice_history: { enabled: "true" } });
    expect(fake.requests.filter((r) => r.method === "POST" && r.path === "/v1/billing_portal/configurations")).toHaveLength(1);

    // Archived in the Dashboard: the next opening finds that out, makes a new one and still opens.
    configurations[0]!.active = false;
    await openPortal({ tenantId: a.tenant.id, origin: "http://a.localhost:3000" });
    const active = [...fake.portalConfigurations.values()].filter((c) => c.active);
    expect(active).toHaveLength(1);
    expect(fake.portalSessions.at(-1)!.configuration).toBe(active[0]!.id);

    // Stripe failing while a new configuration is made: that opening fails, and the next one, once
    // Stripe is back, makes it (a failure is not remembered).
    active[0]!.active = false;
    fake.failRequests("POST", /^\/v1\/billing_portal\/configurations$/);
    await expect(openPortal({ tenantId: b.tenant.id, origin: "http://b.localhost:3000" })).rejects.toThrow();
    fake.heal();
    await openPortal({ tenantId: b.tenant.id, origin: "http://b.localhost:3000" });
    const now = [...fake.portalConfigurations.values()].filter((c) => c.active);
    expect(now).toHaveLength(1);
    expect(fake.portalSessions.at(-1)).toMatchObject({ customer: b.customerId, configuration: now[0]!.id });
  });
});
