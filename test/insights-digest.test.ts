import { and, eq, like } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { formatMoney } from "../lib/plans";
import { getDb } from "../server/db/client";
import { emailOutbox, insightReports, tenants } from "../server/db/schema";
import { withTenant } from "../server/db/with-tenant";
import { env } from "../server/env";
import { originFor } from "../server/hosts/parse-host";
import { sendInsightDigests } from "../server/insights/digest/send-insight-digests";
import { isoWeek, topInsights } from "../server/insights/digest/top-insights";
import { analyseWorkspaceNow, latestInsights } from "../server/insights/insight-reports";
import { QUEUES } from "../server/jobs/queues";
import { createCaller } from "../server/trpc/root";
import { setLocale } from "../server/users/set-locale";
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

  it("writes each owner's digest in their language: a German owner reads German, another owner the English as it was", async () => {
    const { tenant, owner, members } = await seedProWorkspace(100, [{ role: "owner" }, { role: "member" }]);
    await setLocale({ userId: owner.id, locale: "de" });
    const name = `{name} '{x}'`;
    await withTenant(tenant.id, (tx) => tx.update(tenants).set({ name }).where(eq(tenants.id, tenant.id)));
    await analyseWorkspaceNow({ tenantId: tenant.id });
    await sendInsightDigests();
    const sent = await digestsOf(tenant.id);
    const to = (email: string) => sent.find((e) => e.toAddress === email)!;
    const page = `${originFor({ kind: "tenant", slug: tenant.slug }, env.ROOT_DOMAIN, env.PUBLIC_PROTOCOL)}/dashboard/insights`;
    const account = `${originFor({ kind: "apex" }, env.ROOT_DOMAIN, env.PUBLIC_PROTOCOL)}/account`;
    const de = to(owner.email);
    expect(de.subject).toBe(`${name}: die Insights dieser Woche`);
    expect(de.bodyText).toBe(
      [
        `Die wichtigsten Insights für ${name} in dieser Woche:`,
        "",
        `- Höchstens 12 % von Pro genutzt in den letzten drei Zeiträumen – Starter spart ${formatMoney(7_000, "usd", { locale: "de" })} pro Monat.`,
        "- 3 Mitglieder haben sich seit 30 Tagen oder länger nicht angemeldet.",
        "",
        `Alle Insights mit den Zahlen und Diagrammen dahinter: ${page}`,
        "",
        `Sie erhalten diese E-Mail, weil Sie Inhaber von ${name} sind. Wöchentliche Insights abbestellen: ${account}`,
      ].join("\n"),
    );
    const en = to(members[0]!.user.email);
    expect(en.subject).toBe(`${name}: this week's insights`);
    expect(en.bodyText).toBe(
      [
        `The top insights for ${name} this week:`,
        "",
        "- At most 12 % of Pro used in the last three periods — Starter saves $70 a month.",
        "- 3 members have not signed in for 30 days or more.",
        "",
        `See every insight, with the numbers and charts behind it: ${page}`,
        "",
        `You get this email because you own ${name}. Turn off weekly insights: ${account}`,
      ].join("\n"),
    );
    expect(sent).toHaveLength(2);
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
