import { describe, expect, it } from "vitest";
import { startOfDayIn } from "./time-zone";

describe("startOfDayIn", () => {
  it("is the zone's local midnight, across clock changes and on either side of UTC", () => {
    expect(startOfDayIn("2026-06-01", null).toISOString()).toBe("2026-06-01T00:00:00.000Z");
    expect(startOfDayIn("2026-06-01", "UTC").toISOString()).toBe("2026-06-01T00:00:00.000Z");
    expect(startOfDayIn("2026-05-31", "America/Los_Angeles").toISOString()).toBe("2026-05-31T07:00:00.000Z");
    expect(startOfDayIn("2026-01-15", "America/Los_Angeles").toISOString()).toBe("2026-01-15T08:00:00.000Z");
    // The day the clocks go forward (at 2:00) and the day after.
    expect(startOfDayIn("2026-03-08", "America/Los_Angeles").toISOString()).toBe("2026-03-08T08:00:00.000Z");
    expect(startOfDayIn("2026-03-09", "America/Los_Angeles").toISOString()).toBe("2026-03-09T07:00:00.000Z");
    expect(startOfDayIn("2026-06-01", "Asia/Kolkata").toISOString()).toBe("2026-05-31T18:30:00.000Z");
    expect(startOfDayIn("2026-06-01", "Pacific/Chatham").toISOString()).toBe("2026-05-31T11:15:00.000Z");
  });

  it("a midnight the clock skips starts the day at the first moment that exists", () => {
    // Santiago moved its clocks from 00:00 to 01:00 on 2024-09-08.
    expect(startOfDayIn("2024-09-08", "America/Santiago").toISOString()).toBe("2024-09-08T04:00:00.000Z");
  });

  it("keeps years before 100 as written", () => {
    expect(startOfDayIn("0050-03-01", "Europe/Berlin").getUTCFullYear()).toBe(50);
  });
});
