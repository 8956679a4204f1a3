import { describe, expect, it } from "vitest";
import { readStatements, unsupportedStatements } from "./check-numbers";

const FACTS = [
  "At most 4 % of Pro used in the last three periods — Starter saves $70 a month.",
  "Usage units this billing period so far: 12,500, up 18.4 % from 10,558 at the same point of the last period.",
  "API calls expected by the end of the period: about 1,234,567 (90 % range 1,100,000 to 1,400,000).",
  "80 % of the usage units limit (8,000) is expected to be reached on 2026-12-14 (between 2026-12-12 and 2026-12-17).",
  "3 members have not signed in for 30 days or more.",
];

describe("readStatements", () => {
  it("reads money, percentages, separators and scale words as values", () => {
    expect(readStatements("$70, 4 %, 4%, 12,500 and 12500, 1.2 million, 12.5k").numbers.map((n) => n.value)).toEqual([70, 4, 4, 12_500, 12_500, 1_200_000, 12_500]);
  });

  it("reads euro amounts as money too", () => {
    const read = readStatements("€62 a month, 62 euros, 62 EUR and 62").numbers;
    expect(read.map((n) => [n.value, n.kind])).toEqual([[62, "money"], [62, "money"], [62, "money"], [62, "plain"]]);
    // Money is only supported by money: a euro saving does not pass on a percentage of the same digits.
    expect(unsupportedStatements("Starter saves €62 a month.", ["At most 62 % of Pro used."])).not.toEqual([]);
    expect(unsupportedStatements("Starter saves €62 a month.", ["Starter saves €62 a month."])).toEqual([]);
  });

  it("reads dates in several formats as days, not as numbers", () => {
    const { dates, numbers } = readStatements("on 2026-12-14, December 14, Dec 12th, 2026 or 17 December 2026");
    expect(dates.map((d) => [d.year, d.month, d.day])).toEqual([
      [2026, 12, 14],
      [null, 12, 14],
      [2026, 12, 12],
      [2026, 12, 17],
    ]);
    expect(numbers).toEqual([]);
  });
});

describe("unsupportedStatements", () => {
  it("accepts a summary citing only the facts' numbers, whatever their format", () => {
    const text =
      "Starter would save $70 a month: at most 4% of Pro was used. Usage units are up 18.4 percent to 12500 this period and should pass 80 % of the limit (8,000) around December 14, 2026, between Dec 12 and 17 December. About 1.2 million API calls are expected. 3 members have been away for 30 days.";
    expect(unsupportedStatements(text, FACTS)).toEqual([]);
  });

  it("accepts a rounding to fewer digits close to the fact, not a different number", () => {
    expect(unsupportedStatements("Usage rose 18 %.", FACTS)).toEqual([]);
    expect(unsupportedStatements("Usage rose 20 %.", FACTS)).toEqual(["20 %"]);
    // 1 million is 19 % off 1,234,567: not a faithful rounding.
    expect(unsupportedStatements("About 1 million calls.", FACTS)).toEqual(["1 million"]);
  });

  it("rejects invented money, computed numbers, other dates and the facts' numbering", () => {
    expect(unsupportedStatements("Starter saves $90 a month.", FACTS)).toEqual(["$90"]);
    expect(unsupportedStatements("That is $840 a year.", FACTS)).toEqual(["$840"]);
    expect(unsupportedStatements("It saves 70 % of the price.", FACTS)).toEqual(["70 %"]);
    expect(unsupportedStatements("The limit is reached on December 20.", FACTS)).toEqual(["December 20"]);
    expect(unsupportedStatements("The limit is reached on 2027-12-14.", FACTS)).toEqual(["2027-12-14"]);
    expect(unsupportedStatements("As fact 7 says, usage is up.", FACTS)).toEqual(["7"]);
    expect(unsupportedStatements("Usage fell 4.5 %.", FACTS)).toEqual(["4.5 %"]);
  });

  it("accepts text without numbers, and the years of the facts' dates", () => {
    expect(unsupportedStatements("Usage is growing; consider a smaller plan.", FACTS)).toEqual([]);
    expect(unsupportedStatements("Later in 2026 the limit will be reached.", FACTS)).toEqual([]);
  });
});
