import { describe, expect, it } from "vitest";
import { sampleFacts } from "../sample-facts";
import { topInsights } from "./top-insights";

describe("topInsights", () => {
  it("puts money first, then limits, then members and keys, at most three", () => {
    expect(topInsights(sampleFacts())).toEqual([
      "This period's overage will cost about $25 (2,500 units over 10,000) — Enterprise is cheaper above 60,000 units.",
      "Usage units will reach this period's limit of 10,000 around 24 November (between 23 November and 26 November).",
      "1 member has not signed in for 30 days or more.",
    ]);
  });

  it("says a limit was reached, leaves a metric with an upgrade sentence to it, and combines key findings", () => {
    const facts = sampleFacts();
    facts.rightSizing.sentences = [];
    facts.hygiene.inactiveMembers = [];
    facts.forecasts[0]!.thresholds[1] = { ratio: 1, units: 10_000, reached: true, at: new Date("2026-11-21T10:00:00Z"), low: null, high: null };
    expect(topInsights(facts)).toEqual(["Usage units reached this period's limit of 10,000 on 21 November.", "1 API key has not been used for 90 days; 2 API keys have no expiry date."]);
    facts.rightSizing.upgrades = [{ kind: "upgrade", planId: "pro", metric: "units", limit: 10_000, projected: 13_000, toPlanId: "enterprise", newLimit: 1_000_000, extraMonthlyCents: 20_000 }];
    expect(topInsights(facts)).toEqual(["1 API key has not been used for 90 days; 2 API keys have no expiry date."]);
  });

  it("has nothing to say about a quiet, tidy workspace", () => {
    const facts = sampleFacts();
    facts.rightSizing.sentences = [];
    facts.forecasts = [];
    facts.hygiene = { inactiveMembers: [], keys: [] };
    expect(topInsights(facts)).toEqual([]);
  });

  it("writes the same findings in German from the facts, with German numbers and dates", () => {
    const facts = sampleFacts();
    // The sample's English sentence with the fact behind it, which German is written from.
    facts.rightSizing.overage = {
      kind: "overage",
      planId: "pro",
      projectedUnits: 12_500,
      limit: 10_000,
      overageUnits: 2_500,
      overageCents: 2_500,
      alternative: { planId: "enterprise", breakEvenUnits: 60_000, cheaperNow: false, savingsCents: 0 },
    };
    expect(topInsights(facts)[0]).toBe(facts.rightSizing.sentences[0]);
    expect(topInsights(facts, "de")).toEqual([
      "Die Mehrnutzung in diesem Zeitraum kostet voraussichtlich etwa 25\u00a0$ (2.500 Einheiten über 10.000) – Enterprise ist ab 60.000 Einheiten günstiger.",
      "Nutzungseinheiten: Das Limit dieses Zeitraums von 10.000 wird voraussichtlich um den 24. November erreicht (zwischen dem 23. November und dem 26. November).",
      "1 Mitglied hat sich seit 30 Tagen oder länger nicht angemeldet.",
    ]);
    facts.rightSizing.overage = null;
    facts.hygiene.inactiveMembers = [];
    facts.forecasts[0]!.thresholds[1] = { ratio: 1, units: 10_000, reached: true, at: new Date("2026-11-21T10:00:00Z"), low: null, high: null };
    expect(topInsights(facts, "de")).toEqual([
      "Nutzungseinheiten: Das Limit dieses Zeitraums von 10.000 wurde am 21. November erreicht.",
      "1 API-Schlüssel wurde seit 90 Tagen nicht verwendet; 2 API-Schlüssel haben kein Ablaufdatum.",
    ]);
  });
});
