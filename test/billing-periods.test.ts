import { describe, expect, it } from "vitest";
import { addInterval, prorate, subtractInterval } from "../server/billing/local/periods";

const at = (iso: string) => new Date(`${iso}T09:30:00.000Z`);
const day = (d: Date) => d.toISOString().slice(0, 10);

describe("offline billing periods keep their anchor day", () => {
  it("a month after Jan 31 is Feb 28 (Feb 29 in a leap year), not Mar 3", () => {
    expect(day(addInterval(at("2027-01-31"), "month"))).toBe("2027-02-28");
    expect(day(addInterval(at("2028-01-31"), "month"))).toBe("2028-02-29");
    expect(day(addInterval(at("2027-03-31"), "month"))).toBe("2027-04-30");
    expect(addInterval(at("2027-01-31"), "month").toISOString()).toBe("2027-02-28T09:30:00.000Z");
  });

  it("the anchor comes back after a short month, and a year crosses December", () => {
    expect(day(addInterval(at("2027-02-28"), "month", 31))).toBe("2027-03-31");
    expect(day(addInterval(at("2027-04-30"), "month", 31))).toBe("2027-05-31");
    expect(day(addInterval(at("2027-12-31"), "month", 31))).toBe("2028-01-31");
    expect(day(addInterval(at("2028-02-29"), "year"))).toBe("2029-02-28");
    expect(day(addInterval(at("2031-02-28"), "year", 29))).toBe("2032-02-29");
  });

  it("a period ending Mar 31 on the 31st's anchor started Feb 28", () => {
    expect(day(subtractInterval(at("2027-03-31"), "month", 31))).toBe("2027-02-28");
    expect(day(subtractInterval(at("2027-03-31"), "month"))).toBe("2027-02-28");
    expect(day(subtractInterval(at("2028-02-29"), "year"))).toBe("2027-02-28");
  });

  it("prorates over the real length of a clamped period", () => {
    // Pro monthly ($99), period Feb 28 – Mar 31 (31 days) with 10 days left: a move to Enterprise
    // ($299) charges (299 - 99) × 10/31 for the rest of the period.
    const now = new Date(at("2027-03-31").getTime() - 10 * 86_400_000);
    const result = prorate({ from: { planId: "pro", interval: "month" }, to: { planId: "enterprise", interval: "month" }, periodEnd: at("2027-03-31"), anchorDay: 31, credit: 0, currency: "usd", now });
    expect(result.due).toBe(Math.round(29_900 * (10 / 31)) - Math.round(9_900 * (10 / 31)));
    expect(day(result.periodEnd)).toBe("2027-03-31");
    expect(result.anchorDay).toBe(31);
  });

  it("a switch of interval starts a new period anchored on today", () => {
    const now = at("2027-05-31");
    const result = prorate({ from: { planId: "pro", interval: "month" }, to: { planId: "pro", interval: "year" }, periodEnd: at("2027-06-15"), anchorDay: 15, credit: 0, currency: "usd", now });
    expect(day(result.periodEnd)).toBe("2028-05-31");
    expect(result.anchorDay).toBe(31);
  });
});
