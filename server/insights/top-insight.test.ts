import { describe, expect, it } from "vitest";
import type { InsightFacts } from "./analyse-workspace";
import { topInsight } from "./top-insight";

// The Overview's one card: a hard limit ahead first, then overage, a cheaper plan, a quota
// filling up this period, members and keys to tidy; nothing when the report found nothing.

const at = new Date("2026-11-15T12:00:00Z");

function facts(change: (f: InsightFacts) => void = () => {}): InsightFacts {
  const f: InsightFacts = {
    version: 1,
    computedAt: at,
    planId: "pro",
    period: { start: new Date("2026-11-01T00:00:00Z"), end: new Date("2026-12-01T00:00:00Z") },
    daily: { api_calls: [], units: [], storage_gb: [] },
    trends: [],
    anomalies: { api_calls: [], units: [], storage_gb: [] },
    forecasts: [],
    rightSizing: { downgrade: null, overage: null, upgrades: [], rejected: [], sentences: [] },
    hygiene: { inactiveMembers: [], keys: [] },
    churn: { tenantId: "t", score: 0, reasons: [] },
    expansion: { tenantId: "t", score: 0, reasons: [] },
  };
  change(f);
  return f;
}

const downgrade = { kind: "downgrade", fromPlanId: "pro", toPlanId: "starter", periods: 3, maxUsedPercent: 4, bindingLimit: "members", currentMonthlyCents: 9_900, targetMonthlyCents: 2_900, targetOverageCents: 0, monthlySavingsCents: 7_000 } as const;
const overage = { kind: "overage", planId: "pro", projectedUnits: 150_000, limit: 100_000, overageUnits: 50_000, overageCents: 5_000, alternative: null } as const;
const upgrade = { kind: "upgrade", planId: "starter", metric: "units", limit: 10_000, projected: 14_000, toPlanId: "pro", newLimit: 100_000, extraMonthlyCents: 7_000 } as const;
const full = { ratio: 1, units: 100_000, reached: false, at: new Date("2026-11-25T08:00:00Z"), low: null, high: null };
const forecast: InsightFacts["forecasts"][number] = { metric: "units", kind: "counter", limit: 100_000, used: 60_000, projected: { expected: 120_000, low: 110_000, high: 130_000 }, dailyRate: 4_000, seasonal: [1, 1, 1, 1, 1, 1, 1], insufficientHistory: false, unused: false, thresholds: [full] };
const key = { id: "k", name: "CI", prefix: "atr_live_ab", unused: true, daysUnused: 40, neverUsed: false, noExpiry: true };
const member = { userId: "u", email: "a@example.test", name: null, role: "member", daysInactive: 45, neverSignedIn: false };

describe("topInsight", () => {
  it("is null when the report found nothing", () => {
    expect(topInsight(facts())).toBeNull();
  });

  it("puts a hard limit ahead first, then overage, then a cheaper plan", () => {
    const all = facts((f) => {
      f.rightSizing = { ...f.rightSizing, downgrade, overage, upgrades: [upgrade] };
      f.forecasts = [{ ...forecast, thresholds: [full] }];
      f.hygiene.inactiveMembers = [member];
    });
    expect(topInsight(all)).toMatchObject({ kind: "upgrade", text: expect.stringContaining("Starter's hard limit of 10,000") });
    all.rightSizing.upgrades = [];
    expect(topInsight(all)).toMatchObject({ kind: "overage", text: expect.stringContaining("$50") });
    all.rightSizing.overage = null;
    expect(topInsight(all)).toEqual({ kind: "downgrade", title: "Starter would save money", text: "At most 4 % of Pro used in the last three periods — Starter saves $70 a month." });
    all.rightSizing.downgrade = null;
    expect(topInsight(all)).toMatchObject({ kind: "forecast", text: "Usage units are expected to reach the limit of 100,000 around Nov 25, 2026 (60,000 used so far)." });
    all.forecasts = [{ ...forecast, thresholds: [{ ...full, at: null }] }];
    expect(topInsight(all)).toEqual({ kind: "hygiene", title: "Tidy up access", text: "1 inactive member." });
  });
});

describe("insight sentences in the reader's language", () => {
  it("counts members and keys to tidy in English as before: one, the other, both", () => {
    expect(topInsight(facts((f) => (f.hygiene.keys = [key])))?.text).toBe("1 API key to review.");
    expect(topInsight(facts((f) => (f.hygiene = { inactiveMembers: [member, member], keys: [key, key, key] })))?.text).toBe("2 inactive members and 3 API keys to review.");
  });

  it("writes every card in German from the same facts (money with the no-break space German uses)", () => {
    const all = facts((f) => {
      f.rightSizing = { ...f.rightSizing, downgrade, overage, upgrades: [upgrade] };
      f.forecasts = [{ ...forecast, thresholds: [full] }];
      f.hygiene.inactiveMembers = [member];
    });
    expect(topInsight(all, "de")).toEqual({
      kind: "upgrade",
      title: "Ein festes Limit steht bevor",
      text: "Nutzungseinheiten: In diesem Zeitraum wird das feste Limit von Starter (10.000) voraussichtlich überschritten (etwa 14.000) – Pro hebt es für 70\u00a0$ mehr pro Monat auf 100.000 an.",
    });
    all.rightSizing.upgrades = [];
    expect(topInsight(all, "de")?.text).toBe("Die Mehrnutzung in diesem Zeitraum kostet voraussichtlich etwa 50\u00a0$ (50.000 Einheiten über 100.000).");
    all.rightSizing.overage = null;
    expect(topInsight(all, "de")).toEqual({ kind: "downgrade", title: "Starter wäre günstiger", text: "Höchstens 4 % von Pro genutzt in den letzten drei Zeiträumen – Starter spart 70\u00a0$ pro Monat." });
    all.rightSizing.downgrade = null;
    expect(topInsight(all, "de")?.text).toBe("Nutzungseinheiten: Das Limit von 100.000 wird voraussichtlich um den 25.11.2026 erreicht (bisher 60.000 genutzt).");
    all.forecasts = [];
    expect(topInsight(all, "de")).toEqual({ kind: "hygiene", title: "Zugänge aufräumen", text: "1 inaktives Mitglied." });
    all.hygiene.keys = [key, { ...key, id: "l" }];
    expect(topInsight(all, "de")?.text).toBe("1 inaktives Mitglied und 2 API-Schlüssel zu prüfen.");
  });
});
