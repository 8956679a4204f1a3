import { eq } from "drizzle-orm";
import postgres from "postgres";
import { describe, expect, it } from "vitest";
import { getDb } from "../server/db/client";
import { users } from "../server/db/schema";
import { getRevenueReport } from "../server/revenue/get-revenue-report";
import { listInsightRankings } from "../server/operators/list-insight-rankings";
import { seedDemo } from "../server/seed/seed-demo";
import { consoleReader } from "./factories";

describe("demo data", () => {
  it("seeds a billing history that the revenue report adds up consistently", async () => {
    expect(await seedDemo()).not.toBeNull();
    const [operator] = await getDb().select().from(users).where(eq(users.email, "ops@atrium.test"));
    const report = await getRevenueReport({ reader: await consoleReader(operator!.id), months: 12 });
    expect(report.hasRevenue).toBe(true);
    for (const m of report.months) expect(m.netNewCents, m.month).toBe(m.closingMrrCents - m.openingMrrCents);
    const sum = (key: "newCents" | "expansionCents" | "contractionCents" | "churnCents" | "reactivationCents") => report.months.reduce((s, m) => s + m[key], 0);
    // Every kind of movement appears in the demo history.
    expect(sum("newCents")).toBeGreaterThan(0);
    expect(sum("expansionCents")).toBeGreaterThan(0);
    expect(sum("reactivationCents")).toBeGreaterThan(0);
    expect(sum("contractionCents")).toBeLessThan(0);
    expect(sum("churnCents")).toBeLessThan(0);
    // Initech Pro, Vandelay Pro yearly, Soylent, Cyberdyne yearly, Oceanic Enterprise, Tyrell Starter, Pied Piper (past due), Hooli.
    expect(report.payingAccounts).toBe(8);
    expect(report.mrrCents).toBe(9_900 + 8_250 + 29_900 + 24_917 + 29_900 + 2_900 + 2_900 + 9_900);
    expect(report.counts).toMatchObject({ pastDue: 1, cancelled: 1 });
    expect(report.trialConversion.converted).toBe(9);

    // Insights: every demo customer was analysed once; the stories in the usage come out ranked.
    const rankings = await listInsightRankings({ ...(await consoleReader(operator!.id)) });
    const churn = rankings.churn.map((r) => r.workspace.slug);
    const expansion = rankings.expansion.map((r) => r.workspace.slug);
    expect(churn.slice(0, 2)).toEqual(["tyrell", "pied-piper"]);
    expect(rankings.churn[0]!.reasons.map((r) => r.code)).toEqual(expect.arrayContaining(["usageDecline", "downgrades"]));
    expect(expansion[0]).toBe("hooli");
    expect(rankings.expansion[0]!.reasons.map((r) => r.code)).toEqual(["nearLimits", "growth"]);
    // Acme and Globex keep their empty Usage and Insights pages.
    expect([...churn, ...expansion]).not.toContain("acme");

    // The daily roll-ups (the Usage chart's and the console's) add up to the hourly ones (the meters' and Insights').
    const admin = postgres(process.env.TEST_ADMIN_URL!, { max: 1, onnotice: () => {} });
    try {
      const sums = await admin<{ slug: string; metric: string; hours: string; days: string }[]>`
        select t.slug, r.metric, sum(r.quantity) filter (where r.granularity = 'hour') as hours, sum(r.quantity) filter (where r.granularity = 'day') as days
        from usage_rollups r join tenants t on t.id = r.tenant_id group by 1, 2 order by 1, 2`;
      expect(sums.map((r) => r.slug)).toContain("hooli");
      for (const r of sums) expect(r.days, `${r.slug} ${r.metric}`).toBe(r.hours);
    } finally {
      await admin.end({ timeout: 5 });
    }
  });
});
