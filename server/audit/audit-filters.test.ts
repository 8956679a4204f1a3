import { describe, expect, it } from "vitest";
import { ZAuditFilters } from "./audit-filters";

describe("audit filters from an address", () => {
  it("say what is wrong in words a person reads (never zod's 'Invalid input')", () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ from: "2025-02-30" }, "Use a date like 2026-11-01."],
      [{ action: ["user.invited", "member.removed"] }, "Unknown action."],
      [{ action: "x".repeat(70) }, "Unknown action."],
      [{ actor: "someone" }, "Unknown person."],
      [{ tz: "Mars/Olympus_Mons" }, "Unknown time zone."],
      [{ q: ["a", "b"] }, "Search for some text."],
      // An empty range would quietly show nothing.
      [{ from: "2026-11-05", to: "2026-11-01" }, "The From date is after the To date."],
    ];
    for (const [input, message] of cases) {
      const parsed = ZAuditFilters.safeParse(input);
      expect(parsed.success, JSON.stringify(input)).toBe(false);
      expect(parsed.error?.issues[0]?.message, JSON.stringify(input)).toBe(message);
    }
  });

  it("one day is a range: From and To may be the same day", () => {
    expect(ZAuditFilters.parse({ from: "2026-11-05", to: "2026-11-05" })).toEqual({ from: "2026-11-05", to: "2026-11-05" });
  });

  it("an empty field is no filter", () => {
    expect(ZAuditFilters.parse({ actor: "", action: "", from: "", to: "", tz: "" })).toEqual({});
  });
});
