import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { TEST_META } from "./factories";
import { deliver, fake, nextSeq, stripeTenant, subscriptionEvent } from "./stripe-harness";
import { DAY, emailsTo, now, stateOf } from "./billing-state";

// Subscriptions that turn up or come back late: after the workspace was deleted, while it is
// being purged, and a duplicate that was released once and loses again to an older one.

const { deleteTenant, purgeDeletedTenants } = await import("../server/tenants/delete-tenant");
const { runDueBillingJobs, backoffMs } = await import("../server/billing/billing-jobs");
const { withTenant } = await import("../server/db/with-tenant");
const schema = await import("../server/db/schema");

const subscription = (customer: string, tag: string, status: string, extra: Record<string, unknown> = {}) => ({
  id: `sub_late_${tag}_${nextSeq()}`,
  customer,
  status,
  lookupKey: "atrium_pro_month",
  periodEnd: now() + 30 * DAY,
  ...extra,
});

describe("subscriptions that turn up late", () => {
  it("one that appears after the workspace was deleted is ended, and its owners get no welcome", async () => {
    const t = await stripeTenant();
    await deleteTenant({ tenantId: t.tenant.id, actorUserId: t.owner.id, confirmSlug: t.tenant.slug, meta: TEST_META });
    const before = await emailsTo(t.owner.email);
    const late = subscription(t.customerId, "after-delete", "active");
    fake.setSubscription(late);
    expect((await deliver(subscriptionEvent("customer.subscription.created", late.id, t.customerId))).status).toBe(200);
    // Nothing new in the owner's mailbox ("now on Pro" included)...
    expect((await emailsTo(t.owner.email)).filter((subject) => !before.includes(subject))).toEqual([]);
    // ...and the subscription is being ended.
    await runDueBillingJobs({ now: new Date(Date.now() + 60_000) });
    expect(fake.subscriptions.get(late.id)!.cancelAtPeriodEnd || fake.subscriptions.get(late.id)!.status === "canceled").toBe(true);
  });

  it("a purge that meets a Stripe event holding the workspace waits for it, and keeps the job that ends the resumed subscription", async () => {
    const t = await stripeTenant();
    const sub = subscription(t.customerId, "purge", "active");
    fake.setSubscription(sub);
    await deliver(subscriptionEvent("customer.subscription.created", sub.id, t.customerId));
    await deleteTenant({ tenantId: t.tenant.id, actorUserId: t.owner.id, confirmSlug: t.tenant.slug, meta: TEST_META });
    expect(fake.subscriptions.get(sub.id)!.cancelAtPeriodEnd).toBe(true);
    // Retention is over, and the customer resumes the subscription in Stripe's dashboard just then:
    // its event reads Stripe (slowly) under the workspace's lock while the purge runs.
    fake.setSubscription({ ...fake.subscriptions.get(sub.id)!, cancelAtPeriodEnd: false });
    fake.delayReads(sub.id, 1500);
    const webhook = deliver(subscriptionEvent("customer.subscription.updated", sub.id, t.customerId));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const later = new Date(Date.now() + 400 * DAY * 1000);
    const [answer] = await Promise.all([webhook, purgeDeletedTenants({ now: later })]);
    expect(answer).toMatchObject({ status: 200, body: { result: "processed" } });
    // The event queued the end of the subscription again; the purge saw that job and waited.
    const stillThere = async () => (await withTenant(t.tenant.id, (tx) => tx.select({ id: schema.tenants.id }).from(schema.tenants).where(eq(schema.tenants.id, t.tenant.id)))).length === 1;
    expect(await stillThere()).toBe(true);
    await runDueBillingJobs({ now: new Date(Date.now() + 60_000) });
    expect(fake.subscriptions.get(sub.id)!.cancelAtPeriodEnd).toBe(true);
    // With the job done, the next purge removes the workspace.
    await purgeDeletedTenants({ now: later });
    expect(await stillThere()).toBe(false);
  });

  it("a duplicate released once (the one it lost to ended) that loses again to an older subscription is cancelled after all", async () => {
    const t = await stripeTenant();
    const older = subscription(t.customerId, "older", "incomplete", { created: now() - 1000 });
    const first = subscription(t.customerId, "first", "active", { created: now() - 600 });
    const dup = subscription(t.customerId, "dup", "active", { created: now(), lookupKey: "atrium_enterprise_month" });
    fake.setSubscription(older);
    await deliver(subscriptionEvent("customer.subscription.created", older.id, t.customerId));
    fake.setSubscription(first);
    await deliver(subscriptionEvent("customer.subscription.created", first.id, t.customerId));
    // dup loses to first; its cancellation fails for now.
    fake.setSubscription(dup);
    fake.failRequests("DELETE", new RegExp(`^/v1/subscriptions/${dup.id}$`));
    await deliver(subscriptionEvent("customer.subscription.created", dup.id, t.customerId));
    fake.heal();
    // first ends before the retry: the retry releases dup, which becomes the workspace's subscription.
    fake.setSubscription({ ...fake.subscriptions.get(first.id)!, status: "canceled" });
    await deliver(subscriptionEvent("customer.subscription.deleted", first.id, t.customerId));
    await runDueBillingJobs({ now: new Date(Date.now() + backoffMs(1) + 1000) });
    await deliver(subscriptionEvent("customer.subscription.updated", dup.id, t.customerId));
    expect((await stateOf(t.tenant.id)).current).toMatchObject({ subscriptionId: dup.id });
    // The older one's payment goes through: created first, it wins, and dup is a duplicate again.
    fake.setSubscription({ ...fake.subscriptions.get(older.id)!, status: "active" });
    await deliver(subscriptionEvent("customer.subscription.updated", older.id, t.customerId));
    await runDueBillingJobs({ now: new Date(Date.now() + 7 * 3_600_000) });
    const state = await stateOf(t.tenant.id);
    expect(state.current).toMatchObject({ subscriptionId: older.id });
    // Exactly one of the two is still billing: dup was cancelled this time.
    expect(fake.subscriptions.get(dup.id)!.status).toBe("canceled");
    expect(fake.subscriptions.get(older.id)!.status).toBe("active");
  });

  it("Stripe's answer does not wait for a slow follow-up job; the job still finishes after it", async () => {
    const t = await stripeTenant();
    const kept = subscription(t.customerId, "kept", "active", { created: now() - 600 });
    const dup = subscription(t.customerId, "slow-dup", "active", { created: now() });
    fake.setSubscription(kept);
    await deliver(subscriptionEvent("customer.subscription.created", kept.id, t.customerId));
    fake.setSubscription(dup);
    // The duplicate's cancellation (the job this event queues) takes Stripe 5 s.
    const stalled = fake.stallNext("DELETE", new RegExp(`^/v1/subscriptions/${dup.id}$`), 5_000);
    const started = Date.now();
    const answer = await deliver(subscriptionEvent("customer.subscription.created", dup.id, t.customerId));
    const tookMs = Date.now() - started;
    await stalled;
    expect(answer).toMatchObject({ status: 200, body: { result: "processed" } });
    expect(tookMs).toBeLessThan(4_000);
    const job = async () => (await stateOf(t.tenant.id)).jobs.find((j) => j.kind === "cancel_duplicate" && j.subscriptionId === dup.id);
    // Stripe is still answering the cancellation: the job is not done yet...
    expect(await job()).toMatchObject({ doneAt: null });
    // ...and after the answer it carries on and finishes.
    await expect.poll(async () => (await job())?.doneAt ?? null, { timeout: 10_000, interval: 100 }).toEqual(expect.any(Date));
    expect(fake.subscriptions.get(dup.id)!.status).toBe("canceled");
  });
});
