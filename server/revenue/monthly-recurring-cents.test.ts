import { describe, expect, it } from "vitest";
import { monthlyRecurringCents } from "./monthly-recurring-cents";

const pro = { status: "active", planId: "pro", interval: "month" } as const;

describe("monthlyRecurringCents", () => {
  it("a monthly plan is its catalog price", () => {
    expect(monthlyRecurringCents(pro)).toBe(9_900);
    expect(monthlyRecurringCents({ ...pro, planId: "starter" })).toBe(2_900);
  });

  it("a yearly plan is normalised to a month (10 x monthly over 12, rounded to the cent)", () => {
    expect(monthlyRecurringCents({ ...pro, interval: "year" })).toBe(8_250);
    expect(monthlyRecurringCents({ ...pro, planId: "starter", interval: "year" })).toBe(2_417);
    expect(monthlyRecurringCents({ ...pro, planId: "enterprise", interval: "year" })).toBe(24_917);
  });

  it("only billed statuses count: a trial is not revenue yet, unpaid, paused and ended ones no longer are", () => {
    expect(monthlyRecurringCents({ ...pro, status: "past_due" })).toBe(9_900);
    for (const status of ["trialing", "incomplete", "incomplete_expired", "unpaid", "paused", "canceled", null]) {
      expect(monthlyRecurringCents({ ...pro, status }), String(status)).toBe(0);
    }
  });

  it("a euro subscription counts in dollars at its plan's list-price ratio, discounts kept in proportion", () => {
    expect(monthlyRecurringCents({ ...pro, unitAmountCents: 8_900, currency: "eur" })).toBe(9_900);
    expect(monthlyRecurringCents({ ...pro, planId: "starter", interval: "year", unitAmountCents: 27_000, currency: "eur" })).toBe(2_417);
    expect(monthlyRecurringCents({ ...pro, unitAmountCents: 4_450, currency: "eur" })).toBe(4_950);
    // Custom has no list price: Pro's ratio.
    expect(monthlyRecurringCents({ ...pro, planId: "custom", unitAmountCents: 89_000, currency: "eur" })).toBe(99_000);
    // A euro coupon's amount off is in euros: taken off before the conversion (€89 − €44.50 → $49.50).
    expect(monthlyRecurringCents({ ...pro, unitAmountCents: 8_900, currency: "eur", discount: { percentOff: null, amountOffCents: 4_450 } })).toBe(4_950);
    // Dollars, or no currency given: as billed.
    expect(monthlyRecurringCents({ ...pro, unitAmountCents: 8_900, currency: "usd" })).toBe(8_900);
  });

  it("the provider's price and quantity win over the catalog", () => {
    expect(monthlyRecurringCents({ ...pro, unitAmountCents: 8_000, quantity: 3 })).toBe(24_000);
    // Custom has no list price: only a provider price gives it MRR.
    expect(monthlyRecurringCents({ ...pro, planId: "custom" })).toBe(0);
    expect(monthlyRecurringCents({ ...pro, planId: "custom", interval: "year", unitAmountCents: 1_200_000 })).toBe(100_000);
  });

  it("a recurring percent discount lowers MRR", () => {
    expect(monthlyRecurringCents({ ...pro, discount: { percentOff: 20, amountOffCents: null } })).toBe(7_920);
    expect(monthlyRecurringCents({ ...pro, interval: "year", discount: { percentOff: 50, amountOffCents: null } })).toBe(4_125);
    expect(monthlyRecurringCents({ ...pro, discount: { percentOff: 100, amountOffCents: null } })).toBe(0);
    expect(monthlyRecurringCents({ ...pro, discount: { percentOff: 150, amountOffCents: null } })).toBe(0);
  });

  it("an amount-off discount applies per invoice, before a yearly price is spread over 12 months", () => {
    expect(monthlyRecurringCents({ ...pro, discount: { percentOff: null, amountOffCents: 1_900 } })).toBe(8_000);
    // 99,000 a year less 12,000 = 87,000 / 12.
    expect(monthlyRecurringCents({ ...pro, interval: "year", discount: { percentOff: null, amountOffCents: 12_000 } })).toBe(7_250);
    // Never below zero.
    expect(monthlyRecurringCents({ ...pro, discount: { percentOff: null, amountOffCents: 50_000 } })).toBe(0);
  });

  it("unknown plans, intervals and nonsense amounts give zero rather than a made-up figure", () => {
    expect(monthlyRecurringCents({ ...pro, planId: "platinum" })).toBe(0);
    expect(monthlyRecurringCents({ ...pro, interval: "week" })).toBe(0);
    expect(monthlyRecurringCents({ ...pro, interval: null })).toBe(0);
    expect(monthlyRecurringCents({ ...pro, unitAmountCents: -500 })).toBe(0);
    expect(monthlyRecurringCents({ ...pro, quantity: 0 })).toBe(9_900);
  });
});
