import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { insightReports } from "../server/db/schema";
import { withTenant } from "../server/db/with-tenant";
import { latestInsights, reviveFacts, runInsightReport } from "../server/insights/insight-reports";
import { analyseAllWorkspaces } from "../server/insights/nightly-insights";
import { createCaller } from "../server/trpc/root";
import { contextFor, makeTenant } from "./factories";
import { seedProWorkspace } from "./insight-seed";
import { trpcCode } from "./trpc-code";

// Issue 16: "Analyse now" queues one analysis per workspace (however often it is pressed), the job
// reports progress and stores the facts, and the facts match the usage they came from: a Pro
// workspace using a few percent of its plan for three periods is told how much Starter saves.

/** A Pro workspace with four months of usage (test/insight-seed.ts), and its owner's caller. */
async function proWorkspace(unitsPerDay: number, extra: { role: "member" }[] = []) {
  const made = await seedProWorkspace(unitsPerDay, extra);
  return { ...made, caller: createCaller(contextFor({ user: made.owner, tenant: made.tenant })) };
}

describe("insights", () => {
  it("queues one analysis however often it is asked for, runs it with progress, and recommends Starter with its saving", async () => {
    const { tenant, caller } = await proWorkspace(100);
    expect(await caller.insight.latest()).toEqual({ report: null, run: null });
    const [first, second] = await Promise.all([caller.insight.analyse(), caller.insight.analyse()]);
    expect(second.id).toBe(first.id);
    expect(first.status).toBe("queued");
    expect((await caller.insight.latest()).run).toMatchObject({ id: first.id, status: "queued" });

    expect(await runInsightReport({ tenantId: tenant.id, reportId: first.id })).toBe(true);
    // A second worker handed the same job finds nothing to do.
    expect(await runInsightReport({ tenantId: tenant.id, reportId: first.id })).toBe(false);
    const { report, run } = await caller.insight.latest();
    expect(run).toBeNull();
    expect(report).toMatchObject({ id: first.id, status: "done", progress: 100 });
    const facts = report!.facts;
    // At most 3,100 units a month of Pro's 100,000, 31,000 API calls of 1,000,000, one member of 25: at most 4 % (rounded up).
    expect(facts.rightSizing.downgrade).toMatchObject({ fromPlanId: "pro", toPlanId: "starter", maxUsedPercent: 4, monthlySavingsCents: 7_000 });
    expect(facts.rightSizing.sentences[0]).toBe("At most 4 % of Pro used in the last three periods — Starter saves $70 a month.");
    // 100 units a day, the newest a day ago: six days in the last seven (the seventh falls just
    // before the window) against seven in the week before.
    expect(facts.trends.find((t) => t.metric === "units")?.weekOverWeek).toMatchObject({ current: 600, previous: 700, percent: -14.3 });
    expect(facts.daily.units).toHaveLength(62);

    // Asked again after it finished: a new run.
    const again = await caller.insight.analyse();
    expect(again.id).not.toBe(first.id);
  });

  it("does not recommend a plan whose limits the usage would break", async () => {
    // 9,300 units and 93,000 API calls a month: over 80 % of Starter's 10,000 and 100,000.
    const { tenant, caller } = await proWorkspace(300);
    const run = await caller.insight.analyse();
    await runInsightReport({ tenantId: tenant.id, reportId: run.id });
    const { report } = await caller.insight.latest();
    expect(report!.facts.rightSizing.downgrade).toBeNull();
    expect(report!.facts.rightSizing.rejected).toContainEqual(expect.objectContaining({ planId: "starter", reason: "limit", limit: "apiCallsPerMonth", peak: 93_000 }));
  });

  it("replaces a run whose worker died (no progress for ten minutes) instead of waiting for it for ever", async () => {
    const { tenant, caller } = await proWorkspace(10);
    const stuck = await caller.insight.analyse();
    await withTenant(tenant.id, (tx) =>
      tx
        .update(insightReports)
        .set({ status: "running", startedAt: new Date(Date.now() - 11 * 60_000) })
        .where(and(eq(insightReports.tenantId, tenant.id), eq(insightReports.id, stuck.id))),
    );
    const fresh = await caller.insight.analyse();
    expect(fresh.id).not.toBe(stuck.id);
    const [old] = await withTenant(tenant.id, (tx) => tx.select().from(insightReports).where(and(eq(insightReports.tenantId, tenant.id), eq(insightReports.id, stuck.id))));
    expect(old).toMatchObject({ status: "failed", error: "The analysis stopped without finishing." });
    // The dead worker's late result is not stored over the new run's.
    expect(await runInsightReport({ tenantId: tenant.id, reportId: stuck.id })).toBe(false);
    expect(await runInsightReport({ tenantId: tenant.id, reportId: fresh.id })).toBe(true);
    expect((await caller.insight.latest()).report?.id).toBe(fresh.id);
  });

  it("shows a run with no progress for ten minutes as failed, so the page stops waiting and offers to try again", async () => {
    const { tenant, caller } = await proWorkspace(10);
    const run = await caller.insight.analyse();
    const later = new Date(Date.now() + 11 * 60_000);
    expect((await latestInsights({ tenantId: tenant.id, now: later })).run).toMatchObject({ id: run.id, status: "failed", error: expect.stringMatching(/stopped without finishing/) });
    expect((await latestInsights({ tenantId: tenant.id })).run).toMatchObject({ id: run.id, status: "queued" });
  });

  it("revives only the facts' date fields: a key or member named like a date stays text", () => {
    const facts = reviveFacts({ computedAt: "2026-11-29T10:00:00.000Z", hygiene: { keys: [{ name: "2026-01-01T00:00:00Z", prefix: "atr" }], inactiveMembers: [{ name: "2026-01-01T00:00:00.000Z" }] } });
    expect(facts.computedAt).toBeInstanceOf(Date);
    expect(facts.hygiene.keys[0]!.name).toBe("2026-01-01T00:00:00Z");
    expect(facts.hygiene.inactiveMembers[0]!.name).toBe("2026-01-01T00:00:00.000Z");
  });

  it("is for owners and admins: a member is refused, another workspace's owner is not found", async () => {
    const { tenant, members, caller } = await proWorkspace(10, [{ role: "member" }]);
    const member = createCaller(contextFor({ user: members[0]!.user, tenant }));
    expect(await trpcCode(member.insight.analyse())).toBe("FORBIDDEN");
    const outsider = await makeTenant();
    const stranger = createCaller(contextFor({ user: outsider.owner, tenant }));
    expect(await trpcCode(stranger.insight.latest())).toBe("NOT_FOUND");
    await caller.insight.analyse();
  });

  it("the nightly job analyses every workspace not analysed lately, and no workspace twice", async () => {
    const a = await proWorkspace(50);
    const b = await proWorkspace(50);
    const report = await analyseAllWorkspaces({ budgetMs: 60_000 });
    expect(report.remaining).toBe(false);
    expect(report.analysed).toBeGreaterThanOrEqual(2);
    for (const t of [a, b]) {
      const rows = await withTenant(t.tenant.id, (tx) => tx.select().from(insightReports).where(and(eq(insightReports.tenantId, t.tenant.id), eq(insightReports.status, "done"))));
      expect(rows).toHaveLength(1);
    }
    expect((await analyseAllWorkspaces({ budgetMs: 60_000 })).analysed).toBe(0);
  });
});
