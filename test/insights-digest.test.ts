import { and, eq, like } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "../server/db/client";
import { emailOutbox, insightReports } from "../server/db/schema";
import { withTenant } from "../server/db/with-tenant";
import { env } from "../server/env";
import { originFor } from "../server/hosts/parse-host";
import { sendInsightDigests } from "../server/insights/digest/send-insight-digests";
import { isoWeek, topInsights } from "../server/insights/digest/top-insights";
import { analyseWorkspaceNow, latestInsights } from "../server/insights/insight-reports";
import { QUEUES } from "../server/jobs/queues";
import { createCaller } from "../server/trpc/root";
import { contextFor, makeTenant } from "./factories";
import { seedProWorkspace } from "./insight-seed";

// Issue 16, the weekly digest: each owner of a workspace analysed in the last eight days gets the
// top insights once a week, unless they turned "Weekly insights" off on the account page; members
// who are not owners, and workspaces without a recent analysis, get nothing, and a re-run nothing twice.

const DAY = 86_400_000;
const apexCaller = (user: { id: string; email: string; name: string }) => createCaller({ ...contextFor({ user }), memo: {} });

async function digestsOf(tenantId: string) {
  return getDb()
    .select()
    .from(emailOutbox)
    .where(like(emailOutbox.dedupeKey, `insights-digest:${tenantId}:%`));
}

describe("the weekly insights digest", () => {
  it("runs on Mondays", () => {
    expect(QUEUES["insights-digest"].cron).toBe("0 8 * * 1");
    expect(isoWeek(new Date("2026-11-29T12:00:00Z"))).toBe("2026-W48");
    expect(isoWeek(new Date("2026-11-30T08:00:00Z"))).toBe("2026-W49");
    expect(isoWeek(new Date("2027-01-01T08:00:00Z"))).toBe("2026-W53");
  });

  it("emails each owner once with the top insights and a link to the Insights page; members and admins get none; a re-run sends nothing twice", async () => {
    const { tenant, owner, members } = await seedProWorkspace(100, [{ role: "member" }, { role: "admin" }]);
    await analyseWorkspaceNow({ tenantId: tenant.id });
    const { report } = await latestInsights({ tenantId: tenant.id });
    const insights = topInsights(report!.facts);
    // Three members of Pro's 25 bind: at most 12 %. Nobody has signed in since joining 120 days ago.
    expect(insights).toEqual(["At most 12 % of Pro used in the last three periods — Starter saves $70 a month.", "3 members have not signed in for 30 days or more."]);

    const first = await sendInsightDigests();
    expect(first.failed).toBe(0);
    const sent = await digestsOf(tenant.id);
    expect(sent.map((e) => e.toAddress)).toEqual([owner.email]);
    const [email] = sent;
    expect(email!.subject).toBe(`${tenant.name}: this week's insights`);
    for (const insight of insights) expect(email!.bodyText).toContain(`- ${insight}`);
    expect(email!.bodyText).toContain(`${originFor({ kind: "tenant", slug: tenant.slug }, env.ROOT_DOMAIN, env.PUBLIC_PROTOCOL)}/dashboard/insights`);
    expect(email!.dedupeKey).toBe(`insights-digest:${tenant.id}:${isoWeek(new Date())}:${owner.id}`);
    for (const m of members) expect(sent.map((e) => e.toAddress)).not.toContain(m.user.email);

    await sendInsightDigests();
    expect(await digestsOf(tenant.id)).toHaveLength(1);
  });

  it("an owner who turned weekly insights off gets none; another owner still does", async () => {
    const { tenant, owner, members } = await seedProWorkspace(100, [{ role: "owner" }]);
    const prefs = apexCaller(owner).notification;
    expect((await prefs.preferences()).find((p) => p.category === "insights")).toEqual({ category: "insights", email: true, locked: false });
    expect(await prefs.setPreference({ category: "insights", email: false })).toEqual({ category: "insights", email: false });
    expect((await prefs.preferences()).find((p) => p.category === "insights")).toEqual({ category: "insights", email: false, locked: false });
    await analyseWorkspaceNow({ tenantId: tenant.id });
    await sendInsightDigests();
    expect((await digestsOf(tenant.id)).map((e) => e.toAddress)).toEqual([members[0]!.user.email]);
  });

  it("a workspace without an analysis in the last eight days gets none", async () => {
    const never = await makeTenant();
    const old = await seedProWorkspace(100);
    const reportId = await analyseWorkspaceNow({ tenantId: old.tenant.id });
    await withTenant(old.tenant.id, (tx) =>
      tx
        .update(insightReports)
        .set({ finishedAt: new Date(Date.now() - 9 * DAY) })
        .where(and(eq(insightReports.tenantId, old.tenant.id), eq(insightReports.id, reportId!))),
    );
    const run = await sendInsightDigests();
    expect(run.failed).toBe(0);
    expect(await digestsOf(never.tenant.id)).toEqual([]);
    expect(await digestsOf(old.tenant.id)).toEqual([]);
  });
});
