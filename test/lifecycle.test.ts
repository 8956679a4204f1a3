import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { runLifecycleSweep } from "../server/billing/run-lifecycle-sweep";
import { localProvider } from "../server/billing/local/local-provider";
import { completeLocalCheckout } from "../server/billing/local/complete-local-checkout";
import { startCheckout } from "../server/billing/manage-subscription";
import { getDb } from "../server/db/client";
import { withTenant } from "../server/db/with-tenant";
import { auditEvents, emailOutbox, invoices, subscriptions, tenants } from "../server/db/schema";
import { makeTenant, TEST_META } from "./factories";
import { emailConsumer } from "../server/email/email-consumer";
import { relayCommittedEvents } from "./relay-consumer";

const DAY = 86_400_000;

async function snapshot(tenantId: string) {
  return withTenant(tenantId, async (tx) => ({
    tenant: (await tx.select().from(tenants).where(eq(tenants.id, tenantId)))[0]!,
    sub: (await tx.select().from(subscriptions).where(eq(subscriptions.tenantId, tenantId)))[0],
    invoices: await tx.select().from(invoices).where(eq(invoices.tenantId, tenantId)),
    audit: (await tx.select().from(auditEvents).where(eq(auditEvents.tenantId, tenantId))).map((a) => a.action),
  }));
}

async function emailsTo(address: string) {
  await relayCommittedEvents(emailConsumer);
  return (await getDb().select().from(emailOutbox).where(eq(emailOutbox.toAddress, address))).map((e) => e.subject).sort();
}

async function paidLocally(card = "4242424242424242") {
  const made = await makeTenant();
  const { url } = await startCheckout({ tenantId: made.tenant.id, actorUserId: made.owner.id, meta: TEST_META, planId: "pro", interval: "month", origin: "http://x", attemptId: randomUUID() });
  const sessionId = url.split("/").at(-1)!;
  await completeLocalCheckout({ tenantId: made.tenant.id, sessionId, cardNumber: card, actorUserId: made.owner.id, meta: TEST_META });
  return made;
}

describe("trial sweep", () => {
  it("reminds at 3 days and 1 day (once each), then suspends when the trial ends", async () => {
    const { tenant, owner } = await makeTenant();
    const ends = tenant.trialEndsAt!.getTime();
    await runLifecycleSweep({ now: new Date(ends - 5 * DAY) });
    expect(await emailsTo(owner.email)).toEqual([]);

    await runLifecycleSweep({ now: new Date(ends - 2.5 * DAY) });
    await runLifecycleSweep({ now: new Date(ends - 2.4 * DAY) });
    expect(await emailsTo(owner.email)).toEqual([`Your ${tenant.name} trial ends in 3 days`]);

    await runLifecycleSweep({ now: new Date(ends - 0.5 * DAY) });
    expect((await emailsTo(owner.email)).length).toBe(2);

    const reports = await Promise.all([runLifecycleSweep({ now: new Date(ends + 1000) }), runLifecycleSweep({ now: new Date(ends + 1000) })]);
    expect(reports.flatMap((r) => r.actions).filter((a) => a.includes("suspended"))).toHaveLength(1);
    await runLifecycleSweep({ now: new Date(ends + DAY) });
    const state = await snapshot(tenant.id);
    expect(state.tenant.status).toBe("suspended");
    expect(state.audit.filter((a) => a === "tenant.status_changed")).toHaveLength(1);
    expect(state.audit.filter((a) => a === "billing.trial_reminder")).toHaveLength(2);
    expect(await emailsTo(owner.email)).toContain(`${tenant.name} has been suspended`);
    expect((await emailsTo(owner.email)).length).toBe(3);
  });

  it("leaves paying tenants alone", async () => {
    const { tenant } = await paidLocally();
    const report = await runLifecycleSweep({ now: new Date(tenant.trialEndsAt!.getTime() + DAY) });
    expect(report.actions.filter((a) => a.startsWith(tenant.slug))).toEqual([]);
    expect((await snapshot(tenant.id)).tenant.status).toBe("active");
  });
});

describe("local renewals and past-due grace", () => {
  it("a card that fails renewals makes the tenant past due, then suspended after the grace period", async () => {
    const { tenant, owner } = await paidLocally("4000 0000 0000 0341");
    const periodEnd = (await snapshot(tenant.id)).sub!.currentPeriodEnd!.getTime();
    await runLifecycleSweep({ now: new Date(periodEnd + 1000) });
    await runLifecycleSweep({ now: new Date(periodEnd + 2000) });
    let state = await snapshot(tenant.id);
    expect(state.tenant.status).toBe("past_due");
    expect(state.invoices.map((i) => i.status).sort()).toEqual(["failed", "paid"]);
    expect((await emailsTo(owner.email)).filter((e) => /failed/i.test(e))).toEqual([`Action needed: a payment of $99 failed for ${tenant.name}`]);

    await runLifecycleSweep({ now: new Date(periodEnd + 6 * DAY) });
    expect((await snapshot(tenant.id)).tenant.status).toBe("past_due");
    await runLifecycleSweep({ now: new Date(periodEnd + 8 * DAY) });
    state = await snapshot(tenant.id);
    expect(state.tenant.status).toBe("suspended");
    expect(state.audit.filter((a) => a === "tenant.status_changed")).toHaveLength(3);
  });

  it("a good card renews: a paid invoice per period and the period moves on", async () => {
    const { tenant } = await paidLocally();
    const first = (await snapshot(tenant.id)).sub!.currentPeriodEnd!;
    await runLifecycleSweep({ now: new Date(first.getTime() + 1000) });
    await runLifecycleSweep({ now: new Date(first.getTime() + 2000) });
    const state = await snapshot(tenant.id);
    expect(state.tenant.status).toBe("active");
    expect(state.invoices.filter((i) => i.status === "paid")).toHaveLength(2);
    expect(state.sub!.currentPeriodEnd!.getTime()).toBeGreaterThan(first.getTime());
  });

  it("a subscription paid on the 31st renews on Feb 28, then on Mar 31 (not Mar 3, then Apr 3)", async () => {
    const dayBefore = new Date().getUTCDate();
    const { tenant } = await paidLocally();
    // Today's day of the month (either side of midnight UTC, should the test run across it).
    expect([dayBefore, new Date().getUTCDate()]).toContain((await snapshot(tenant.id)).sub!.localAnchorDay);
    const jan31 = new Date("2027-01-31T10:00:00.000Z");
    await withTenant(tenant.id, (tx) => tx.update(subscriptions).set({ currentPeriodEnd: jan31, localAnchorDay: 31 }).where(eq(subscriptions.tenantId, tenant.id)));
    await runLifecycleSweep({ now: new Date(jan31.getTime() + 1000) });
    expect((await snapshot(tenant.id)).sub!.currentPeriodEnd!.toISOString()).toBe("2027-02-28T10:00:00.000Z");
    await runLifecycleSweep({ now: new Date("2027-02-28T10:00:01.000Z") });
    const state = await snapshot(tenant.id);
    expect(state.sub!.currentPeriodEnd!.toISOString()).toBe("2027-03-31T10:00:00.000Z");
    expect(state.invoices.filter((i) => i.status === "paid").map((i) => i.periodEnd?.toISOString()).sort()).toEqual(
      expect.arrayContaining(["2027-02-28T10:00:00.000Z", "2027-03-31T10:00:00.000Z"]),
    );
  });

  it("cancel at period end, then the period ends: cancelled", async () => {
    const { tenant, owner } = await paidLocally();
    await localProvider.setCancelAtPeriodEnd({ tenant, subscriptionId: "x", cancel: true, actorUserId: owner.id, idempotencyKey: "k", meta: TEST_META });
    const end = (await snapshot(tenant.id)).sub!.currentPeriodEnd!;
    expect((await snapshot(tenant.id)).tenant.status).toBe("active");
    await runLifecycleSweep({ now: new Date(end.getTime() + 1000) });
    const state = await snapshot(tenant.id);
    expect(state.tenant.status).toBe("cancelled");
    expect(state.audit).toContain("billing.cancellation_scheduled");
  });
});

describe("local plan change", () => {
  it("charges the prorated difference for the rest of the period", async () => {
    const { tenant, owner } = await paidLocally();
    await localProvider.changePlan({ tenant, subscriptionId: "x", planId: "enterprise", interval: "month", actorUserId: owner.id, idempotencyKey: "k", meta: TEST_META });
    const state = await snapshot(tenant.id);
    expect(state.tenant.planId).toBe("enterprise");
    const proration = state.invoices.find((i) => i.amountCents !== 9_900)!;
    // (299 - 99) USD for almost a whole month: a little under $200.
    expect(proration.amountCents).toBeGreaterThan(18_000);
    expect(proration.amountCents).toBeLessThanOrEqual(20_000);
  });

  it("up, down and up again charges one upgrade: the downgrade's unused part is a credit the next change uses", async () => {
    const { tenant, owner } = await paidLocally();
    const change = (planId: "pro" | "enterprise" | "starter", interval: "month" | "year" = "month") =>
      localProvider.changePlan({ tenant, subscriptionId: "x", planId, interval, actorUserId: owner.id, idempotencyKey: randomUUID(), meta: TEST_META });
    await change("enterprise");
    await change("pro");
    const afterDown = await snapshot(tenant.id);
    expect(afterDown.sub!.localCreditCents).toBeGreaterThan(18_000);
    await change("enterprise");
    const state = await snapshot(tenant.id);
    const charged = state.invoices.map((i) => i.amountCents).filter((c) => c !== 9_900);
    expect(charged).toHaveLength(1); // the first upgrade; the second was paid by the credit
    expect(state.sub!.localCreditCents).toBeLessThan(100); // rounding of the seconds between calls
    expect(state.tenant.planId).toBe("enterprise");
  });

  it("monthly to yearly starts a new yearly period now and charges the year less the unused month, once", async () => {
    const { tenant, owner } = await paidLocally();
    const before = (await snapshot(tenant.id)).sub!.currentPeriodEnd!;
    await localProvider.changePlan({ tenant, subscriptionId: "x", planId: "pro", interval: "year", actorUserId: owner.id, idempotencyKey: "k", meta: TEST_META });
    const state = await snapshot(tenant.id);
    const charge = state.invoices.find((i) => i.amountCents !== 9_900)!;
    // $990 a year, less almost all of the $99 month just paid.
    expect(charge.amountCents).toBeGreaterThan(99_000 - 9_900 - 10);
    expect(charge.amountCents).toBeLessThanOrEqual(99_000 - 9_800);
    const end = state.sub!.currentPeriodEnd!;
    expect(end.getTime()).toBeGreaterThan(before.getTime() + 300 * DAY);
    expect(state.sub!.interval).toBe("year");
  });

  it("a renewal the credit covers in full needs no card: the card that fails renewals cannot fail it", async () => {
    const { tenant, owner } = await paidLocally("4000000000000341");
    await localProvider.changePlan({ tenant, subscriptionId: "x", planId: "pro", interval: "year", actorUserId: owner.id, idempotencyKey: "k1", meta: TEST_META });
    await localProvider.changePlan({ tenant, subscriptionId: "x", planId: "starter", interval: "month", actorUserId: owner.id, idempotencyKey: "k2", meta: TEST_META });
    const credit = (await snapshot(tenant.id)).sub!.localCreditCents;
    expect(credit).toBeGreaterThan(2_900);
    const end = (await snapshot(tenant.id)).sub!.currentPeriodEnd!;
    await runLifecycleSweep({ now: new Date(end.getTime() + 1000) });
    const state = await snapshot(tenant.id);
    expect(state.invoices.find((i) => i.id.endsWith(`_${end.getTime()}`))).toMatchObject({ status: "paid", amountCents: 0 });
    expect(state.tenant.status).toBe("active");
    expect(state.sub!.localCreditCents).toBe(credit - 2_900);
  });

  it("a renewal draws on the credit first", async () => {
    const { tenant, owner } = await paidLocally();
    await localProvider.changePlan({ tenant, subscriptionId: "x", planId: "starter", interval: "month", actorUserId: owner.id, idempotencyKey: "k", meta: TEST_META });
    const credit = (await snapshot(tenant.id)).sub!.localCreditCents;
    expect(credit).toBeGreaterThan(6_000); // ($99 - $29) for almost the whole month
    const end = (await snapshot(tenant.id)).sub!.currentPeriodEnd!;
    await runLifecycleSweep({ now: new Date(end.getTime() + 1000) });
    const state = await snapshot(tenant.id);
    const renewal = state.invoices.find((i) => i.id.endsWith(`_${end.getTime()}`))!;
    expect(renewal.amountCents).toBe(0);
    expect(state.sub!.localCreditCents).toBe(credit - 2_900);
    expect(state.tenant.status).toBe("active");
  });
});

describe("local checkout", () => {
  it("a declined card changes nothing", async () => {
    const { tenant, owner } = await makeTenant();
    const { url } = await startCheckout({ tenantId: tenant.id, actorUserId: owner.id, meta: TEST_META, planId: "pro", interval: "year", origin: "http://x", attemptId: randomUUID() });
    await expect(
      completeLocalCheckout({ tenantId: tenant.id, sessionId: url.split("/").at(-1)!, cardNumber: "4000000000000002", actorUserId: owner.id, meta: TEST_META }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/declined/) });
    const state = await snapshot(tenant.id);
    expect(state.tenant.status).toBe("trialing");
    expect(state.sub).toBeUndefined();
    expect(state.invoices).toEqual([]);
  });

  it("a session cannot be paid twice", async () => {
    const { tenant, owner } = await makeTenant();
    const { url } = await startCheckout({ tenantId: tenant.id, actorUserId: owner.id, meta: TEST_META, planId: "starter", interval: "month", origin: "http://x", attemptId: randomUUID() });
    const sessionId = url.split("/").at(-1)!;
    await completeLocalCheckout({ tenantId: tenant.id, sessionId, cardNumber: "4242424242424242", actorUserId: owner.id, meta: TEST_META });
    await expect(completeLocalCheckout({ tenantId: tenant.id, sessionId, cardNumber: "4242424242424242", actorUserId: owner.id, meta: TEST_META })).rejects.toMatchObject({ code: "CONFLICT" });
    expect((await snapshot(tenant.id)).invoices).toHaveLength(1);
  });

  it("a double click (same attempt) opens one checkout; paying an older one after a newer one was paid creates nothing", async () => {
    const { tenant, owner } = await makeTenant();
    const start = (planId: "starter" | "pro", attemptId: string) =>
      startCheckout({ tenantId: tenant.id, actorUserId: owner.id, meta: TEST_META, planId, interval: "month", origin: "http://x", attemptId });
    const attempt = randomUUID();
    const [a, b] = await Promise.all([start("pro", attempt), start("pro", attempt)]);
    expect(a.url).toBe(b.url);

    // A second tab opens another checkout; the newer one is paid first.
    const newer = await start("starter", randomUUID());
    const pay = (url: string) => completeLocalCheckout({ tenantId: tenant.id, sessionId: url.split("/").at(-1)!, cardNumber: "4242424242424242", actorUserId: owner.id, meta: TEST_META });
    await pay(newer.url);
    await expect(pay(a.url)).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/no longer valid.*Nothing was charged/) });
    const state = await snapshot(tenant.id);
    expect(state.invoices).toHaveLength(1);
    expect(state.tenant.planId).toBe("starter");
    // And no new checkout while the subscription lives.
    await expect(start("pro", randomUUID())).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("two checkouts from two tabs paid at the same moment: one subscription, one charge", async () => {
    const { tenant, owner } = await makeTenant();
    const start = () => startCheckout({ tenantId: tenant.id, actorUserId: owner.id, meta: TEST_META, planId: "pro", interval: "month", origin: "http://x", attemptId: randomUUID() });
    const sessions = [(await start()).url, (await start()).url].map((url) => url.split("/").at(-1)!);
    const results = await Promise.allSettled(
      [...sessions, ...sessions].map((sessionId) => completeLocalCheckout({ tenantId: tenant.id, sessionId, cardNumber: "4242424242424242", actorUserId: owner.id, meta: TEST_META })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const state = await snapshot(tenant.id);
    expect(state.invoices).toHaveLength(1);
    expect(state.tenant.status).toBe("active");
  });
});
