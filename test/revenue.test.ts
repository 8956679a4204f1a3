import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { asc, eq, sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { completeLocalCheckout } from "../server/billing/local/complete-local-checkout";
import { changePlan, setCancelAtPeriodEnd, startCheckout } from "../server/billing/manage-subscription";
import { runLifecycleSweep } from "../server/billing/run-lifecycle-sweep";
import { getDb } from "../server/db/client";
import { withTenant } from "../server/db/with-tenant";
import { mrrMovements, operatorAuditEvents, subscriptions, users } from "../server/db/schema";
import { getRevenueReport } from "../server/revenue/get-revenue-report";
import { recordMrrMovement } from "../server/revenue/record-mrr-movement";
import { consoleReader, makeTenant, makeUser, TEST_META } from "./factories";
import { rlsProbe } from "./rls-probe";

const DAY = 86_400_000;

function ledger(tenantId: string) {
  return withTenant(tenantId, (tx) => tx.select().from(mrrMovements).where(eq(mrrMovements.tenantId, tenantId)).orderBy(asc(mrrMovements.seq)));
}
const moves = async (tenantId: string) => (await ledger(tenantId)).map((m) => [m.kind, m.fromCents, m.toCents]);

async function payLocally(tenantId: string, ownerId: string, planId: "starter" | "pro" | "enterprise", card = "4242424242424242") {
  const { url } = await startCheckout({ tenantId, actorUserId: ownerId, meta: TEST_META, planId, interval: "month", origin: "http://x", attemptId: randomUUID() });
  await completeLocalCheckout({ tenantId, sessionId: url.split("/").at(-1)!, cardNumber: card, actorUserId: ownerId, meta: TEST_META });
}

async function periodEnd(tenantId: string): Promise<Date> {
  const [sub] = await withTenant(tenantId, (tx) => tx.select().from(subscriptions).where(eq(subscriptions.tenantId, tenantId)));
  return sub!.currentPeriodEnd!;
}

async function makeOperator() {
  const user = await makeUser("Operator");
  await getDb().update(users).set({ operatorRole: "admin" }).where(eq(users.id, user.id));
  return user;
}

describe("the real billing paths write the revenue ledger (local provider)", () => {
  it("checkout, upgrade, downgrade to yearly, cancel at period end, come back: new, expansion, contraction, churn, reactivation", async () => {
    const { tenant, owner } = await makeTenant();
    const base = { tenantId: tenant.id, actorUserId: owner.id, meta: TEST_META };
    expect(await moves(tenant.id)).toEqual([]); // a trial is not revenue

    await payLocally(tenant.id, owner.id, "pro");
    await changePlan({ ...base, planId: "enterprise", interval: "month", attemptId: randomUUID() });
    await changePlan({ ...base, planId: "starter", interval: "year", attemptId: randomUUID() });
    // Scheduling (and withdrawing) a cancellation moves nothing: the customer still pays.
    await setCancelAtPeriodEnd({ ...base, cancel: true, attemptId: randomUUID() });
    await setCancelAtPeriodEnd({ ...base, cancel: false, attemptId: randomUUID() });
    await setCancelAtPeriodEnd({ ...base, cancel: true, attemptId: randomUUID() });
    expect(await moves(tenant.id)).toEqual([
      ["new", 0, 9_900],
      ["expansion", 9_900, 29_900],
      ["contraction", 29_900, 2_417],
    ]);

    // The period ends (the sweep's local renewal step ends it): churn, dated at that moment.
    const end = await periodEnd(tenant.id);
    await runLifecycleSweep({ now: new Date(end.getTime() + DAY) });
    await payLocally(tenant.id, owner.id, "pro");

    const rows = await ledger(tenant.id);
    expect(rows.map((m) => [m.kind, m.fromCents, m.toCents])).toEqual([
      ["new", 0, 9_900],
      ["expansion", 9_900, 29_900],
      ["contraction", 29_900, 2_417],
      ["churn", 2_417, 0],
      ["reactivation", 0, 9_900],
    ]);
    expect(rows.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(rows[2]).toMatchObject({ planId: "starter", interval: "year" });
    expect(rows[3]!.occurredAt.getTime()).toBe(end.getTime() + DAY);
    // Movements never go back in time, even when the next change is read with an earlier clock.
    expect(rows[4]!.occurredAt.getTime()).toBeGreaterThanOrEqual(rows[3]!.occurredAt.getTime());
  });

  it("renewals and a failed renewal (past due, still billed) add nothing; a double-paid checkout adds one movement", async () => {
    const { tenant, owner } = await makeTenant();
    await payLocally(tenant.id, owner.id, "starter", "4000000000000341");
    const end = await periodEnd(tenant.id);
    await runLifecycleSweep({ now: new Date(end.getTime() + 1_000) });
    expect((await withTenant(tenant.id, (tx) => tx.select().from(subscriptions).where(eq(subscriptions.tenantId, tenant.id))))[0]!.status).toBe("past_due");
    expect(await moves(tenant.id)).toEqual([["new", 0, 2_900]]);

    // Two tabs paying two checkouts at once: one subscription wins, one movement.
    const other = await makeTenant();
    const urls = await Promise.all(
      [0, 1].map(() => startCheckout({ tenantId: other.tenant.id, actorUserId: other.owner.id, meta: TEST_META, planId: "pro", interval: "month", origin: "http://x", attemptId: randomUUID() })),
    );
    await Promise.allSettled(
      urls.map(({ url }) => completeLocalCheckout({ tenantId: other.tenant.id, sessionId: url.split("/").at(-1)!, cardNumber: "4242424242424242", actorUserId: other.owner.id, meta: TEST_META })),
    );
    expect(await moves(other.tenant.id)).toEqual([["new", 0, 9_900]]);
  });

  it("the runtime role sees no other workspace's ledger and cannot rewrite its own", async () => {
    const { tenant, owner } = await makeTenant();
    await payLocally(tenant.id, owner.id, "pro");
    expect(await rlsProbe(null, (tx) => tx.select().from(mrrMovements))).toEqual([]);
    const stranger = await makeTenant();
    expect(await rlsProbe(stranger.tenant.id, (tx) => tx.select().from(mrrMovements))).toEqual([]);
    await expect(
      withTenant(tenant.id, (tx) => tx.update(mrrMovements).set({ toCents: 1 }).where(eq(mrrMovements.tenantId, tenant.id))),
    ).rejects.toMatchObject({ cause: { code: "42501" } });
    await expect(withTenant(tenant.id, (tx) => tx.delete(mrrMovements).where(eq(mrrMovements.tenantId, tenant.id)))).rejects.toMatchObject({
      cause: { code: "42501" },
    });
    expect(await moves(tenant.id)).toEqual([["new", 0, 9_900]]);
  });
});

describe("the operator's aggregate read", () => {
  const at = (iso: string) => new Date(iso);
  const now = at("2020-12-15T00:00:00Z");

  async function write(tenantId: string, occurred: string, toCents: number, planId: string, interval: string) {
    await withTenant(tenantId, (tx) => recordMrrMovement(tx, { tenantId, toCents, planId, interval, subscriptionId: null, cause: "fixture", at: at(occurred) }));
  }

  it("sums movements per month, opening and closing MRR, plan mix, on a fixture ledger", async () => {
    const [a, b, c] = await Promise.all([makeTenant(), makeTenant(), makeTenant()]);
    // A: Starter, upgrades mid-October, churns in November.
    await write(a.tenant.id, "2020-09-05T10:00:00Z", 2_900, "starter", "month");
    await write(a.tenant.id, "2020-10-15T10:00:00Z", 9_900, "pro", "month");
    await write(a.tenant.id, "2020-11-20T10:00:00Z", 0, "pro", "month");
    // B: Pro yearly (normalised), moves down to Starter yearly in December.
    await write(b.tenant.id, "2020-09-20T10:00:00Z", 8_250, "pro", "year");
    await write(b.tenant.id, "2020-12-02T10:00:00Z", 2_417, "starter", "year");
    // C: Enterprise for three weeks in October, comes back on Pro in December, then after "now".
    await write(c.tenant.id, "2020-10-01T00:00:00Z", 29_900, "enterprise", "month");
    await write(c.tenant.id, "2020-10-25T10:00:00Z", 0, "enterprise", "month");
    await write(c.tenant.id, "2020-12-10T10:00:00Z", 9_900, "pro", "month");
    await write(c.tenant.id, "2020-12-16T10:00:00Z", 29_900, "enterprise", "month");

    const operator = await makeOperator();
    const report = await getRevenueReport({ reader: await consoleReader(operator.id), months: 4, now });
    const row = (month: string) => report.months.find((m) => m.month === month)!;
    expect(report.months.map((m) => m.month)).toEqual(["2020-09", "2020-10", "2020-11", "2020-12"]);
    expect(row("2020-09")).toMatchObject({ newCents: 11_150, newLogos: 2, openingMrrCents: 0, closingMrrCents: 11_150, closingPaying: 2 });
    expect(row("2020-10")).toMatchObject({
      newCents: 29_900,
      expansionCents: 7_000,
      churnCents: -29_900,
      churnedLogos: 1,
      openingMrrCents: 11_150,
      openingPaying: 2,
      closingMrrCents: 18_150,
      closingPaying: 2,
      logoChurnRate: 0.5,
    });
    expect(row("2020-11")).toMatchObject({ churnCents: -9_900, churnedLogos: 1, openingMrrCents: 18_150, closingMrrCents: 8_250, closingPaying: 1 });
    expect(row("2020-12")).toMatchObject({ contractionCents: -5_833, reactivationCents: 9_900, reactivatedLogos: 1, closingMrrCents: 12_317, closingPaying: 2 });
    for (const m of report.months) expect(m.netNewCents).toBe(m.closingMrrCents - m.openingMrrCents);
    expect(report).toMatchObject({ mrrCents: 12_317, arrCents: 147_804, payingAccounts: 2, arpaCents: 6_159 });
    expect(report.planMix.map((p) => [p.label, p.accounts, p.mrrCents])).toEqual([
      ["Pro (monthly)", 1, 9_900],
      ["Starter (yearly)", 1, 2_417],
    ]);
    expect(report.latestRates.month).toBe("2020-11");
  });

  it("refuses anything but an operator's console session, checks its input, and writes every call to the operator audit log", async () => {
    const operator = await makeOperator();
    const reader = await consoleReader(operator.id);
    const calls = () => getDb().select().from(operatorAuditEvents).where(eq(operatorAuditEvents.actorUserId, operator.id));
    await getRevenueReport({ reader, now });
    await getRevenueReport({ reader, months: 1, now });
    const audited = await calls();
    expect(audited).toHaveLength(2);
    expect(audited[0]).toMatchObject({ action: "revenue.read", ip: TEST_META.ip, userAgent: TEST_META.userAgent });

    // A member's console session, no session, an unknown one, the operator's session on a
    // workspace host, and the operator's own id passed as if it were a session: all not found.
    const member = await makeUser();
    await expect(getRevenueReport({ reader: await consoleReader(member.id), now })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getRevenueReport({ reader: { sessionId: null, meta: TEST_META }, now })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getRevenueReport({ reader: { sessionId: randomUUID(), meta: TEST_META }, now })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getRevenueReport({ reader: await consoleReader(operator.id, { host: "acme.localhost" }), now })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getRevenueReport({ reader: { sessionId: operator.id, meta: TEST_META }, now })).rejects.toMatchObject({ code: "NOT_FOUND" });
    for (const months of [0, 37, 1.5, Number.NaN]) {
      await expect(getRevenueReport({ reader, months, now })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    }
    // Called directly with a bad range, the function itself refuses too.
    await expect(getDb().execute(sql`select atrium_operator_revenue(${reader.sessionId}::uuid, 0, now(), '{}'::jsonb)`)).rejects.toMatchObject({ cause: { code: "22023" } });
    // Two reads; the operator's one refusal (a workspace host's session) is recorded as such.
    expect((await calls()).map((c) => [c.action, c.metadata.cause ?? null])).toEqual([
      ["revenue.read", null],
      ["revenue.read", null],
      ["console.refused", "session of another host"],
    ]);
  });

  it("only the runtime role may call it (not PUBLIC), and it is SECURITY DEFINER owned by the owner role", async () => {
    const admin = postgres(process.env.TEST_ADMIN_URL!, { max: 1, onnotice: () => {} });
    afterAll(() => admin.end({ timeout: 5 }));
    const [fn] = await admin<{ definer: boolean; owner: string; public: boolean; app: boolean }[]>`
      select p.prosecdef as definer, pg_get_userbyid(p.proowner) as owner,
        has_function_privilege('public', p.oid, 'execute') as public,
        has_function_privilege('atrium_app', p.oid, 'execute') as app
      from pg_proc p where p.proname = 'atrium_operator_revenue'`;
    expect(fn).toEqual({ definer: true, owner: "atrium_owner", public: false, app: true });
  });
});

describe("the 0030 backfill", () => {
  it("gives each paying workspace one new movement at its catalog price, normalised, and skips the rest", async () => {
    const paying = await makeTenant();
    await payLocally(paying.tenant.id, paying.owner.id, "enterprise");
    const trial = await makeTenant();
    const admin = postgres(process.env.TEST_ADMIN_URL!, { max: 1, onnotice: () => {} });
    try {
      // As before the migration: no ledger, a yearly plan on the subscription.
      await admin`delete from mrr_movements where tenant_id in (${paying.tenant.id}, ${trial.tenant.id})`;
      await admin`update subscriptions set interval = 'year', plan_id = 'pro' where tenant_id = ${paying.tenant.id}`;
      const migration = readFileSync(path.resolve("drizzle/0030_mrr_movements.sql"), "utf8");
      const backfill = /INSERT INTO "mrr_movements"[\s\S]*?;--> statement-breakpoint/.exec(migration)![0].replace(";--> statement-breakpoint", "");
      const scoped = backfill.replace(`WHERE s."status" IN`, `WHERE s."tenant_id" IN ('${paying.tenant.id}', '${trial.tenant.id}') AND s."status" IN`);
      await admin.unsafe(scoped);
    } finally {
      await admin.end({ timeout: 5 });
    }
    expect((await ledger(paying.tenant.id)).map((m) => [m.seq, m.kind, m.fromCents, m.toCents, m.cause])).toEqual([[1, "new", 0, 8_250, "backfill"]]);
    expect(await ledger(trial.tenant.id)).toEqual([]);
    // The next change continues the ledger after the backfilled row.
    await changePlan({ tenantId: paying.tenant.id, actorUserId: paying.owner.id, meta: TEST_META, planId: "enterprise", interval: "year", attemptId: randomUUID() });
    expect((await moves(paying.tenant.id)).at(-1)).toEqual(["expansion", 8_250, 24_917]);
  });
});
