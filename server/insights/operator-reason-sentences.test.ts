import { describe, expect, it } from "vitest";
import { reasonSentence, reasonSentences } from "./operator-reason-sentences";

describe("churn and expansion reasons in words", () => {
  it("gives each reason its figure", () => {
    expect(reasonSentence({ code: "noSignIns", points: 5, days: 1 })?.text).toBe("no sign-in for 1 day");
    expect(reasonSentence({ code: "paymentFailures", points: 10, count: 1 })?.text).toBe("1 failed payment");
    expect(reasonSentence({ code: "downgrades", points: 10, count: 2, lastToPlanId: "pro" })?.text).toBe("downgraded 2 times, last to Pro");
    expect(reasonSentence({ code: "growth", points: 35, percent: 100, recent: 300, prior: 0 })?.text).toBe("usage started (10 a day)");
    expect(reasonSentence({ code: "nearLimits", points: 12.5, percent: 70.5 })?.text).toBe("near limits: 70.5 % of a limit");
    expect(reasonSentence({ code: "nearLimits", points: 12.5, percent: 96.9, metric: "units" })?.text).toBe("near limits: usage units heading for 96.9 % of the limit");
    expect(reasonSentence({ code: "nearLimits", points: 12.5, percent: 50, metric: "api_calls" })?.text).toBe("near limits: API calls heading for 50 % of the limit");
    expect(reasonSentence({ code: "nearLimits", points: 12.5, percent: 50, metric: "storage_gb" })?.text).toBe("near limits: storage (GB) heading for 50 % of the limit");
    expect(reasonSentence({ code: "nearLimits", points: 12.5, percent: 96.9, metric: "toString" })?.text).toBe("near limits: 96.9 % of a limit");
  });

  it("leaves out what it cannot read", () => {
    expect(reasonSentences([null, 3, { code: "noSignIns" }, { code: "downgrades", points: 10, count: 1, lastToPlanId: "gold" }, { code: "unknown", points: 3 }])).toEqual([]);
  });
});
