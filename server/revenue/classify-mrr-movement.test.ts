import { describe, expect, it } from "vitest";
import { classifyMrrMovement } from "./classify-mrr-movement";

describe("classifyMrrMovement", () => {
  it("first payment is new business; coming back after paying before is a reactivation", () => {
    expect(classifyMrrMovement({ fromCents: 0, toCents: 9_900, paidBefore: false })).toBe("new");
    expect(classifyMrrMovement({ fromCents: 0, toCents: 2_900, paidBefore: true })).toBe("reactivation");
  });

  it("up is expansion, down is contraction, to zero is churn", () => {
    expect(classifyMrrMovement({ fromCents: 2_900, toCents: 9_900, paidBefore: true })).toBe("expansion");
    expect(classifyMrrMovement({ fromCents: 9_900, toCents: 8_250, paidBefore: true })).toBe("contraction"); // monthly -> yearly
    expect(classifyMrrMovement({ fromCents: 9_900, toCents: 7_920, paidBefore: true })).toBe("contraction"); // a discount added
    expect(classifyMrrMovement({ fromCents: 9_900, toCents: 0, paidBefore: true })).toBe("churn");
  });

  it("no change is no movement (a renewal, a replayed webhook, a cancellation only scheduled)", () => {
    expect(classifyMrrMovement({ fromCents: 9_900, toCents: 9_900, paidBefore: true })).toBeNull();
    expect(classifyMrrMovement({ fromCents: 0, toCents: 0, paidBefore: false })).toBeNull();
  });
});
