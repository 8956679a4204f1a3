import { describe, expect, it } from "vitest";
import { doesNotFitMessage, featureLossSentence, isLowerPlan, planFit, type InUse } from "./plan-fit";

const SMALL: InUse = { members: 3, apiKeys: 2, webhookEndpoints: 1, customDomains: 0, ssoEnabled: false, usage: { api_calls: 50_000, units: 4_000, storage_gb: 2 } };

describe("planFit", () => {
  it("a small workspace fits Starter and loses nothing it uses", () => {
    expect(planFit("starter", SMALL)).toEqual({ planId: "starter", over: [], losing: [] });
  });

  it("lists each hard limit broken, with the counts, and the features in use that would go", () => {
    const big: InUse = { ...SMALL, members: 7, webhookEndpoints: 3, customDomains: 2, ssoEnabled: true, usage: { api_calls: 150_000, units: 12_000, storage_gb: 4 } };
    const fit = planFit("starter", big);
    expect(fit.over).toEqual([
      { limit: "members", used: 7, allowed: 5 },
      { limit: "webhookEndpoints", used: 3, allowed: 2 },
      { limit: "apiCallsPerMonth", used: 150_000, allowed: 100_000 },
      // Starter bills no overage: its units limit is hard too.
      { limit: "usageUnitsPerMonth", used: 12_000, allowed: 10_000 },
    ]);
    expect(fit.losing.map(featureLossSentence)).toEqual([
      "Custom domain: your 2 custom domains stop serving the workspace",
      "Single sign-on (SSO): members sign in with a password or passkey instead of your identity provider",
    ]);
    expect(doesNotFitMessage(fit)).toBe(
      "This workspace does not fit Starter yet. 7 members in use, Starter allows 5: remove 2 first; 3 webhook endpoints in use, Starter allows 2: delete 1 first; API calls / month: 150,000 this period, over Starter's limit of 100,000; Usage units / month: 12,000 this period, over Starter's limit of 10,000.",
    );
  });

  it("units over Pro's limit are overage (billed), not a reason to refuse Pro", () => {
    expect(planFit("pro", { ...SMALL, usage: { units: 150_000 } }).over).toEqual([]);
  });

  it("the operator's overrides stay with the workspace: a raised limit and a granted feature count on the lower plan", () => {
    const fit = planFit("starter", { ...SMALL, members: 7, customDomains: 1 }, { limits: { members: 10 }, features: { customDomain: true } });
    expect(fit).toEqual({ planId: "starter", over: [], losing: [] });
  });

  it("orders the catalogue", () => {
    expect(isLowerPlan("starter", "pro")).toBe(true);
    expect(isLowerPlan("pro", "pro")).toBe(false);
    expect(isLowerPlan("enterprise", "pro")).toBe(false);
  });
});
