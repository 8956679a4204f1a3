import { describe, expect, it } from "vitest";
import { precisionRecallAtTop } from "./ranking-quality";

describe("precisionRecallAtTop", () => {
  it("counts positives in the top share", () => {
    const ranked = [9, 8, 7, 6, 5, 4, 3, 2, 1, 0].map((score) => ({ score, positive: score === 9 || score === 7 || score === 1 }));
    expect(precisionRecallAtTop(ranked, 0.2)).toEqual({ precision: 0.5, recall: 1 / 3, top: 2 });
  });

  it("breaks ties by the order given and takes at least one", () => {
    expect(precisionRecallAtTop([{ score: 1, positive: false }, { score: 1, positive: true }], 0.1)).toEqual({ precision: 0, recall: 0, top: 1 });
    expect(precisionRecallAtTop([{ score: 1, positive: false }], 0.1)).toEqual({ precision: 0, recall: 0, top: 1 });
  });
});
