import { describe, expect, it } from "vitest";
import { CURRENCIES, formatMoney, overagePriceText, PLAN_IDS, PLANS, parseLookupKey, priceCents, priceLookupKey, UNLIMITED, FEATURES, LIMIT_METRICS } from "../../lib/plans";
import { activeOverrides, can, effectivePlan, limitOf, withinLimit } from "./entitlements";

describe("plan catalog", () => {
  it("prices yearly at 10 x monthly, Custom is contact-sales", () => {
    expect(priceCents(PLANS.starter, "month")).toBe(2_900);
    expect(priceCents(PLANS.pro, "year")).toBe(99_000);
    expect(priceCents(PLANS.custom, "year")).toBeNull();
    expect(PLANS.custom.selfServe).toBe(false);
  });

  it("defines every limit and feature for every plan; limits never shrink up the tiers", () => {
    for (const id of PLAN_IDS) {
      for (const m of LIMIT_METRICS) expect(PLANS[id].limits[m], `${id}.${m}`).toBeDefined();
      for (const f of FEATURES) expect(typeof PLANS[id].features[f], `${id}.${f}`).toBe("boolean");
    }
    const order = ["starter", "pro", "enterprise", "custom"] as const;
    for (const m of LIMIT_METRICS) {
      for (let i = 1; i < order.length; i++) {
        const lower = PLANS[order[i - 1]!].limits[m];
        const higher = PLANS[order[i]!].limits[m];
        if (higher !== UNLIMITED) expect(lower !== UNLIMITED && lower <= higher, `${m}: ${order[i - 1]} <= ${order[i]}`).toBe(true);
      }
    }
  });

  it("prices every self-serve plan in both currencies, yearly at ten months, and overage in each", () => {
    for (const plan of Object.values(PLANS)) {
      if (!plan.selfServe) continue;
      for (const currency of CURRENCIES) {
        expect(priceCents(plan, "month", currency), `${plan.id} ${currency}`).toBeGreaterThan(0);
        expect(priceCents(plan, "year", currency)).toBe(priceCents(plan, "month", currency)! * 10);
      }
    }
    expect(priceCents(PLANS.pro, "month", "eur")).toBe(8_900);
    expect(formatMoney(8_900, "eur")).toBe("€89");
    expect(overagePriceText("pro")).toBe("$1.00 per 1,000");
    expect(overagePriceText("pro", "eur")).toBe("€0.90 per 1,000");
    expect(overagePriceText("starter", "eur")).toBeNull();
  });

  it("round-trips Stripe lookup keys", () => {
    expect(priceLookupKey("pro", "year")).toBe("atrium_pro_year");
    expect(parseLookupKey("atrium_enterprise_month")).toEqual({ planId: "enterprise", interval: "month", currency: "usd" });
    // Euro prices carry their currency in the key; the dollar keys are the ones from before euros.
    expect(priceLookupKey("pro", "year", "eur")).toBe("atrium_pro_year_eur");
    expect(parseLookupKey("atrium_pro_year_eur")).toEqual({ planId: "pro", interval: "year", currency: "eur" });
    expect(parseLookupKey("atrium_pro_year_gbp")).toBeNull();
    expect(parseLookupKey("atrium_gold_month")).toBeNull();
    expect(parseLookupKey(null)).toBeNull();
  });
});

describe("can / limitOf", () => {
  it("uses the trial plan while trialing, the paid plan when active, the default otherwise", () => {
    expect(effectivePlan({ status: "trialing", planId: null }).id).toBe("pro");
    expect(effectivePlan({ status: "active", planId: "enterprise" }).id).toBe("enterprise");
    expect(effectivePlan({ status: "cancelled", planId: null }).id).toBe("starter");
  });

  it("reads features and limits from the plan", () => {
    expect(can({ status: "active", planId: "starter" }, "customDomain")).toBe(false);
    expect(can({ status: "active", planId: "pro" }, "customDomain")).toBe(true);
    expect(limitOf({ status: "active", planId: "starter" }, "members")).toBe(5);
    expect(limitOf({ status: "active", planId: "enterprise" }, "members")).toBe(UNLIMITED);
  });

  it("applies per-tenant overrides: grant a feature, raise (never lower) a limit", () => {
    const tenant = { status: "active", planId: "starter", overrides: { features: { sso: true }, limits: { members: 50, storageGb: 1 } } };
    expect(can(tenant, "sso")).toBe(true);
    expect(limitOf(tenant, "members")).toBe(50);
    expect(limitOf(tenant, "storageGb")).toBe(10);
    expect(limitOf({ ...tenant, overrides: { limits: { apiCallsPerMonth: UNLIMITED } } }, "apiCallsPerMonth")).toBe(UNLIMITED);
  });

  it("activeOverrides keeps only the overrides that still apply", () => {
    const now = new Date("2026-11-29T12:00:00Z");
    const overrides = {
      features: { sso: true, customDomain: true },
      limits: { members: 50, storageGb: 500 },
      until: { features: { customDomain: "2026-11-29T11:59:59Z" }, limits: { storageGb: "2026-12-01T00:00:00Z" } },
    };
    expect(activeOverrides(overrides, now)).toEqual({ features: { sso: true }, limits: { members: 50, storageGb: 500 } });
    expect(activeOverrides(overrides, new Date("2026-12-01T00:00:00Z"))).toEqual({ features: { sso: true }, limits: { members: 50 } });
    expect(activeOverrides(null, now)).toEqual({ features: {}, limits: {} });
    // At the latest instant a Date holds, only the overrides without an end (Insights' "lasting").
    expect(activeOverrides(overrides, new Date(8.64e15))).toEqual({ features: { sso: true }, limits: { members: 50 } });
  });

  it("withinLimit treats unlimited explicitly", () => {
    expect(withinLimit(5, 4)).toBe(true);
    expect(withinLimit(5, 5)).toBe(false);
    expect(withinLimit(UNLIMITED, 1e12, 1e6)).toBe(true);
  });
});
