import { eq } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { consoleReader, makeTenant, makeUser, TEST_META } from "../../test/factories";
import { rlsProbe } from "../../test/rls-probe";
import { getDb } from "../db/client";
import { operatorInsightScores } from "../db/cross-tenant-insights";
import { insightReports, tenants, users } from "../db/schema";
import { withTenant } from "../db/with-tenant";
import { listInsightRankings } from "./list-insight-rankings";

// Issue 16, the operator side: the console ranks workspaces by the churn and expansion scores of
// their latest finished analysis (drizzle/0043), for operators only, every read audited.

const admin = postgres(process.env.TEST_ADMIN_URL!, { max: 1, onnotice: () => {} });
afterAll(() => admin.end({ timeout: 5 }));

async function operator(role: "support" | "admin" | null) {
  const user = await makeUser("Operator");
  if (role) await getDb().update(users).set({ operatorRole: role }).where(eq(users.id, user.id));
  return { user, reader: await consoleReader(user.id) };
}

const auditOf = async (actorUserId: string) =>
  (await admin<{ action: string; metadata: Record<string, unknown> }[]>`
    select action, metadata from operator_audit_events where actor_user_id = ${actorUserId} order by created_at, id`).map((r) => ({ ...r }));

type Report = { churn: number; expansion: number; status?: "done" | "failed" | "queued"; at: Date; churnReasons?: unknown[]; expansionReasons?: unknown[] };

async function storeReport(tenantId: string, r: Report) {
  await withTenant(tenantId, (tx) =>
    tx.insert(insightReports).values({
      tenantId,
      periodStart: new Date(Date.UTC(2026, 10, 1)),
      status: r.status ?? "done",
      progress: r.status === "queued" ? 0 : 100,
      facts: r.status === "queued" ? null : { churn: { score: r.churn, reasons: r.churnReasons ?? [] }, expansion: { score: r.expansion, reasons: r.expansionReasons ?? [] } },
      churnScore: r.status === "queued" ? null : r.churn,
      expansionScore: r.status === "queued" ? null : r.expansion,
      createdAt: r.at,
      startedAt: r.at,
      finishedAt: r.status === "queued" ? null : new Date(r.at.getTime() + 1_000),
    }),
  );
}

describe("the console's churn and expansion lists", () => {
  it("says no analysis ran while no workspace has a finished report", async () => {
    const { tenant } = await makeTenant();
    await storeReport(tenant.id, { churn: 0, expansion: 0, status: "queued", at: new Date() });
    const { reader } = await operator("support");
    expect(await listInsightRankings(reader)).toEqual({ analysed: false, churn: [], expansion: [] });
  });

  it("ranks workspaces by their latest finished report's score, with each reason in words; deleted workspaces are left out", async () => {
    const day = (d: number) => new Date(Date.UTC(2026, 10, d, 3));
    const risky = await makeTenant();
    const calm = await makeTenant();
    const deleted = await makeTenant();
    const quiet = await makeTenant();
    // The risky one's older report scored low; its latest (and a failed run after it) is what counts.
    await storeReport(risky.tenant.id, { churn: 5, expansion: 70, at: day(1) });
    await storeReport(risky.tenant.id, {
      churn: 81,
      expansion: 10,
      at: day(2),
      churnReasons: [
        { code: "usageDecline", points: 30.8, percent: 54, recent: 16_560, prior: 36_000 },
        { code: "noSignIns", points: 25, days: 41 },
        { code: "paymentFailures", points: 20, count: 2 },
        { code: "seatsRemoved", points: 8.3, removed: 5, before: 12, now: 7 },
        { code: "downgrades", points: 10, count: 1, lastToPlanId: "starter" },
        { code: "somethingNewer", points: 1 },
      ],
      expansionReasons: [{ code: "seatsAdded", points: 10, added: 4, before: 10, now: 14 }],
    });
    await storeReport(risky.tenant.id, { churn: 0, expansion: 0, status: "failed", at: day(3) });
    await storeReport(calm.tenant.id, {
      churn: 40,
      expansion: 90,
      at: day(2),
      churnReasons: [{ code: "noSignIns", points: 25, days: 30 }],
      expansionReasons: [
        { code: "nearLimits", points: 41.3, percent: 93, used: 1 },
        { code: "growth", points: 35, percent: 60, recent: 48_000, prior: 30_000 },
      ],
    });
    await storeReport(deleted.tenant.id, { churn: 99, expansion: 99, at: day(2) });
    await withTenant(deleted.tenant.id, (tx) => tx.update(tenants).set({ deletedAt: new Date() }).where(eq(tenants.id, deleted.tenant.id)));
    await storeReport(quiet.tenant.id, { churn: 0, expansion: 0, at: day(2) });

    const { user, reader } = await operator("support");
    const rankings = await listInsightRankings(reader);
    expect(rankings.analysed).toBe(true);
    expect(rankings.churn.map((r) => r.workspace.id)).toEqual([risky.tenant.id, calm.tenant.id]);
    expect(rankings.expansion.map((r) => r.workspace.id)).toEqual([calm.tenant.id, risky.tenant.id]);
    const top = rankings.churn[0]!;
    expect(top).toMatchObject({ workspace: { slug: risky.tenant.slug, name: risky.tenant.name }, score: 81, computedAt: new Date(day(2).getTime() + 1_000) });
    expect(top.reasons.map((r) => r.text)).toEqual(["usage fell 54 % (1,200 → 552 a day)", "no sign-in for 41 days", "2 failed payments", "seats 12 → 7", "downgraded to Starter"]);
    expect(rankings.expansion[0]!.reasons.map((r) => r.text)).toEqual(["near limits: 93 % of a limit", "growing 60 % (1,000 → 1,600 a day)"]);
    expect(rankings.expansion[1]!.reasons.map((r) => r.text)).toEqual(["seats +4 (10 → 14)"]);
    // Nothing of the deleted workspace, and the one with nothing pointing either way is not a candidate.
    const listed = [...rankings.churn, ...rankings.expansion].map((r) => r.workspace.id);
    expect(listed).not.toContain(deleted.tenant.id);
    expect(listed).not.toContain(quiet.tenant.id);
    // Both lists read, both audited; an admin may read them too.
    expect((await auditOf(user.id)).map((a) => [a.action, a.metadata.kind])).toEqual([
      ["insights.read", "churn"],
      ["insights.read", "expansion"],
    ]);
    const adminOperator = await operator("admin");
    expect((await listInsightRankings(adminOperator.reader)).churn[0]!.workspace.id).toBe(risky.tenant.id);

    // The function itself: the chosen score's order, the limit, the deleted workspace absent.
    const rows = await operatorInsightScores({ sessionId: reader.sessionId, kind: "churn", limit: 2, meta: TEST_META });
    expect(rows.map((r) => [r.tenantId, r.churnScore])).toEqual([
      [risky.tenant.id, 81],
      [calm.tenant.id, 40],
    ]);
    await expect(operatorInsightScores({ sessionId: reader.sessionId, kind: "churn", limit: 201, meta: TEST_META })).rejects.toMatchObject({ cause: { code: "22023" } });
  });

  it("refuses anyone but an operator with a console session, and records the refusal", async () => {
    const { tenant } = await makeTenant();
    await storeReport(tenant.id, { churn: 60, expansion: 0, at: new Date() });
    const member = await operator(null);
    await expect(listInsightRankings(member.reader)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await auditOf(member.user.id)).toEqual([{ action: "console.refused", metadata: { attempted: "insights.read", cause: "not an operator" } }]);
    await expect(listInsightRankings({ sessionId: null, meta: TEST_META })).rejects.toMatchObject({ code: "NOT_FOUND" });
    // An operator's session on a workspace host is not a console session.
    const op = await operator("support");
    const elsewhere = await consoleReader(op.user.id, { host: "acme.localhost" });
    await expect(listInsightRankings(elsewhere)).rejects.toMatchObject({ code: "NOT_FOUND" });
    // The owner of the workspace, with a second factor, is not an operator either.
    const { owner } = await makeTenant();
    await expect(listInsightRankings(await consoleReader(owner.id))).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("gives the runtime role EXECUTE on the function only, never the reports across workspaces", async () => {
    const [fn] = await admin<{ definer: boolean; owner: string; public: boolean; app: boolean }[]>`
      select p.prosecdef as definer, pg_get_userbyid(p.proowner) as owner,
        has_function_privilege('public', p.oid, 'execute') as public, has_function_privilege('atrium_app', p.oid, 'execute') as app
      from pg_proc p where p.proname = 'atrium_operator_insight_scores'`;
    expect(fn).toEqual({ definer: true, owner: "atrium_owner", public: false, app: true });
    // Without a workspace set, the runtime role sees no report at all.
    expect(await rlsProbe(null, (tx) => tx.select().from(insightReports))).toEqual([]);
  });
});
