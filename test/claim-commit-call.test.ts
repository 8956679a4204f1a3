import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { FakeSmtp } from "./fake-smtp";
import { TEST_META } from "./factories";

// No network call while a transaction is open: each job claims its work in a short transaction,
// commits, calls SMTP or Stripe, then records the outcome in another. Proven against slow fake
// servers: while a call hangs, no connection of this database sits "idle in transaction", and the
// claimed row is not locked (another session can lock it at once).

const smtp = await new FakeSmtp().start();
process.env.SMTP_URL = `smtp://127.0.0.1:${smtp.port}`;
afterAll(() => smtp.stop());

const { deliver, fake, nextSeq, stripeTenant, subscriptionEvent } = await import("./stripe-harness");
const { getDb } = await import("../server/db/client");
const { emailOutbox } = await import("../server/db/schema");
const { deliverPendingEmails } = await import("../server/email/send-pending-emails");
const { reportOverage } = await import("../server/usage/report-overage");
const { ingestUsage } = await import("../server/usage/ingest-usage");
const { deleteTenant } = await import("../server/tenants/delete-tenant");

// Superuser, so it sees every session and row (past row-level security).
const admin = postgres(process.env.TEST_ADMIN_URL!, { max: 1, onnotice: () => {} });
afterAll(() => admin.end({ timeout: 5 }));

const STALL_MS = 1_000;

/** Samples pg_stat_activity for `ms`: every connection to this database that was idle inside an open transaction. */
async function idleInTransactionDuring(ms: number): Promise<string[]> {
  const seen: string[] = [];
  const end = Date.now() + ms;
  let samples = 0;
  while (Date.now() < end) {
    const rows = await admin<{ pid: number; application_name: string; query: string }[]>`
      select pid, application_name, query from pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid() and state like 'idle in transaction%'`;
    seen.push(...rows.map((r) => `${r.application_name} (${r.pid}): ${r.query}`));
    samples++;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  expect(samples).toBeGreaterThan(5);
  return seen;
}

/** Whether another session can lock these rows right now (NOWAIT: fails at once if anyone holds them). */
async function lockable(query: (tx: postgres.TransactionSql) => PromiseLike<readonly unknown[]>): Promise<number> {
  return admin.begin(async (tx) => (await query(tx)).length) as Promise<number>;
}

const sessionIdOf = (url: string) => [...fake.checkoutSessions.values()].find((s) => s.url === url)!.id;

describe("claim, commit, call, record", () => {
  it("email: the SMTP conversation happens with no transaction open and no row locked", async () => {
    await getDb().insert(emailOutbox).values({ dedupeKey: `slow-smtp-${nextSeq()}`, toAddress: "slow@example.test", subject: "Slow", bodyText: "Delivered slowly." });
    const stalled = smtp.stallNextMessage(STALL_MS);
    const sending = deliverPendingEmails();
    await stalled;

    expect(await idleInTransactionDuring(STALL_MS / 2)).toEqual([]);
    // The claim is committed (another session sees the lease) and holds no lock.
    const claimed = await lockable((tx) => tx`select id from email_outbox where sent_at is null and claimed_until > now() for update nowait`);
    expect(claimed).toBe(1);

    const delivery = await sending;
    expect(delivery.failed).toBe(0);
    expect(delivery.sent).toBeGreaterThanOrEqual(1);
    const [row] = await admin<{ sent_at: Date | null; claimed_until: Date | null }[]>`select sent_at, claimed_until from email_outbox where to_address = 'slow@example.test'`;
    expect(row).toMatchObject({ sent_at: expect.any(Date), claimed_until: null });
  });

  it("email: a sender whose claim was taken over (its lease ran out) records nothing", async () => {
    await getDb().insert(emailOutbox).values({ dedupeKey: `late-smtp-${nextSeq()}`, toAddress: "late@example.test", subject: "Late", bodyText: "Sent late." });
    const stalled = smtp.stallNextMessage(STALL_MS);
    const sending = deliverPendingEmails();
    await stalled;
    // Meanwhile another sender claims it again (as after the lease ended): a newer attempt.
    await admin`update email_outbox set attempts = attempts + 1, claimed_until = now() + interval '5 minutes' where to_address = 'late@example.test'`;
    await sending;
    const [row] = await admin<{ sent_at: Date | null; claimed_until: Date | null }[]>`select sent_at, claimed_until from email_outbox where to_address = 'late@example.test'`;
    // The late finisher left the newer claim alone: that sender records the outcome.
    expect(row!.sent_at).toBeNull();
    expect(row!.claimed_until).not.toBeNull();
  });

  it("usage overage: the Stripe meter call happens with no transaction open and no row locked", async () => {
    const t = await stripeTenant();
    const subId = `sub_slow_overage_${nextSeq()}`;
    fake.setSubscription({ id: subId, customer: t.customerId, status: "active", lookupKey: "atrium_pro_month", periodEnd: Math.floor(Date.now() / 1000) + 20 * 86_400 });
    await deliver(subscriptionEvent("customer.subscription.created", subId, t.customerId));
    await ingestUsage({ tenantId: t.tenant.id, events: [{ metric: "units", quantity: 100_010, idempotencyKey: `over-${nextSeq()}` }] });

    const stalled = fake.stallNext("POST", /^\/v1\/billing\/meter_events$/, STALL_MS);
    const reporting = reportOverage();
    await stalled;

    expect(await idleInTransactionDuring(STALL_MS / 2)).toEqual([]);
    const claimed = await lockable((tx) => tx`select id from usage_overage where tenant_id = ${t.tenant.id} and reported_at is null and claimed_until > now() for update nowait`);
    expect(claimed).toBe(1);

    expect(await reporting).toMatchObject({ reported: 1, failed: 0 });
    const [row] = await admin<{ reported_at: Date | null; provider: string }[]>`select reported_at, provider from usage_overage where tenant_id = ${t.tenant.id}`;
    expect(row).toMatchObject({ reported_at: expect.any(Date), provider: "stripe" });
  });

  it("billing jobs: ending a deleted workspace's Stripe subscription reads and writes Stripe outside any transaction", async () => {
    const t = await stripeTenant();
    const sub = fake.completeCheckout(sessionIdOf(t.checkoutUrl));
    await deliver(subscriptionEvent("customer.subscription.created", sub.id, t.customerId));

    const stalled = fake.stallNext("GET", new RegExp(`^/v1/subscriptions/${sub.id}$`), STALL_MS);
    const deleting = deleteTenant({ tenantId: t.tenant.id, actorUserId: t.owner.id, confirmSlug: t.tenant.slug, meta: TEST_META });
    await stalled;

    expect(await idleInTransactionDuring(STALL_MS / 2)).toEqual([]);
    const claimed = await lockable((tx) => tx`select id from billing_jobs where tenant_id = ${t.tenant.id} and kind = 'end_subscription' and done_at is null for update nowait`);
    expect(claimed).toBe(1);

    await deleting;
    const [job] = await admin<{ done_at: Date | null }[]>`select done_at from billing_jobs where tenant_id = ${t.tenant.id} and kind = 'end_subscription'`;
    expect(job!.done_at).not.toBeNull();
    expect(fake.subscriptions.get(sub.id)!.cancelAtPeriodEnd).toBe(true);
  });
});
