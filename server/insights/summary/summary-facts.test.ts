import { describe, expect, it } from "vitest";
import { sampleFacts as facts } from "../sample-facts";
import { unsupportedStatements } from "./check-numbers";
import { buildSummaryFacts, numberedFacts } from "./summary-facts";

describe("buildSummaryFacts", () => {
  it("states plan, trends, forecasts, right-sizing, hygiene counts and churn reasons as sentences", () => {
    expect(buildSummaryFacts(facts())).toEqual([
      "The workspace is on the Pro plan; the billing period runs from 2026-11-01 to 2026-12-01.",
      "Usage units this billing period so far: 12,500, up 18.4 % from 10,558 at the same point of the last period.",
      "Usage units in the last 7 days: 3,000, unchanged from 3,000 in the 7 days before.",
      "Storage (GB) in the last 7 days: 2.5, up from 0 in the 7 days before.",
      "Usage units: 12,500 of the limit of 10,000 used this period.",
      "Usage units expected by the end of the period: about 13,392 (90 % range 13,000 to 13,800).",
      "80 % of the usage units limit (8,000) was reached on 2026-11-20.",
      "100 % of the usage units limit (10,000) is expected to be reached on 2026-11-24 (between 2026-11-23 and 2026-11-26).",
      "This period's overage will cost about $25 (2,500 units over 10,000) — Enterprise is cheaper above 60,000 units.",
      "1 member has not signed in for 30 days or more.",
      "1 API key has not been used for 90 days or more.",
      "2 API keys have no expiry date.",
      "Nobody in the workspace has signed in for 15 days.",
      "1 payment failed in the last 90 days.",
    ]);
  });

  it("never passes names, email addresses, key names or prefixes, nor the operators' churn score", () => {
    const text = numberedFacts(buildSummaryFacts(facts()));
    for (const secret of ["ada@example.com", "Ada", "atr_ab12", "deploy", "u1", "k1", "score", "40"]) expect(text).not.toContain(secret);
    expect(text.split("\n")[0]).toMatch(/^1\. The workspace/);
  });

  it("every number a fact states passes the output check (a summary repeating the facts is accepted)", () => {
    const lines = buildSummaryFacts(facts());
    expect(unsupportedStatements(lines.join(" "), lines)).toEqual([]);
  });
});
