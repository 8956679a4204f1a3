import { describe, expect, it } from "vitest";
import { barLevel, componentState, floorPercent, formatPercent, overallUptime, uptimeBars, type DailyProbeCount } from "./uptime";

const today = new Date("2026-11-29T15:30:00Z");
const minute = (iso: string) => new Date(iso);

describe("uptime arithmetic", () => {
  it("gives 90 daily bars, oldest first, ending today", () => {
    const bars = uptimeBars([], "api", today);
    expect(bars).toHaveLength(90);
    expect(bars[0]!.day).toBe("2026-09-01");
    expect(bars.at(-1)!.day).toBe("2026-11-29");
  });

  it("shows a day without probe results as no data, not as 100 %", () => {
    const counts: DailyProbeCount[] = [{ component: "api", day: "2026-11-28", okMinutes: 1440, totalMinutes: 1440 }];
    const bars = uptimeBars(counts, "api", today);
    const empty = bars.find((b) => b.day === "2026-11-27")!;
    expect(empty.percent).toBeNull();
    expect(empty.text).toBe("2026-11-27: no data");
    expect(barLevel(empty.percent)).toBe("none");
    expect(bars.find((b) => b.day === "2026-11-28")!.percent).toBe(100);
    // The overall figure counts minutes of the days that have data only.
    expect(overallUptime(bars)).toBe(100);
    expect(overallUptime(uptimeBars([], "api", today))).toBeNull();
    expect(formatPercent(null)).toBe("No data");
  });

  it("computes a day's availability from its checked minutes and rounds down", () => {
    const counts: DailyProbeCount[] = [
      { component: "api", day: "2026-11-29", okMinutes: 1439, totalMinutes: 1440 },
      { component: "api", day: "2026-11-28", okMinutes: 720, totalMinutes: 1440 },
      { component: "billing", day: "2026-11-28", okMinutes: 0, totalMinutes: 1440 },
    ];
    const bars = uptimeBars(counts, "api", today);
    // 1439 / 1440 = 99.9305…: floored, never shown as 99.94 or 100.
    expect(bars.at(-1)!.percent).toBe(99.93);
    expect(bars.at(-1)!.text).toBe("2026-11-29: 99.93 % available (1 failed of 1440 checked minutes)");
    expect(bars.at(-2)!.percent).toBe(50);
    expect(barLevel(99.93)).toBe("good");
    expect(barLevel(50)).toBe("bad");
    expect(barLevel(97)).toBe("degraded");
    // Another component's counts do not leak in; overall = minutes, not an average of days.
    expect(overallUptime(bars)).toBe(floorPercent(1439 + 720, 2880));
    expect(floorPercent(99_996, 100_000)).toBe(99.99);
    expect(floorPercent(0, 0)).toBeNull();
  });

  it("derives the current state from the last minutes, made worse by an open incident", () => {
    const now = minute("2026-11-29T15:30:30Z");
    const ok = (iso: string) => ({ ok: true, minute: minute(iso) });
    const bad = (iso: string) => ({ ok: false, minute: minute(iso) });
    expect(componentState([], now, [])).toBe("unknown");
    expect(componentState([ok("2026-11-29T15:10:00Z")], now, [])).toBe("unknown");
    expect(componentState([ok("2026-11-29T15:29:00Z"), ok("2026-11-29T15:30:00Z")], now, [])).toBe("operational");
    expect(componentState([bad("2026-11-29T15:28:00Z"), ok("2026-11-29T15:30:00Z")], now, [])).toBe("degraded");
    expect(componentState([ok("2026-11-29T15:29:00Z"), bad("2026-11-29T15:30:00Z")], now, [])).toBe("major-outage");
    expect(componentState([ok("2026-11-29T15:30:00Z")], now, ["major"])).toBe("partial-outage");
    expect(componentState([ok("2026-11-29T15:30:00Z")], now, ["minor", "critical"])).toBe("major-outage");
    // An incident never makes a state look better than the probes say.
    expect(componentState([bad("2026-11-29T15:30:00Z")], now, ["minor"])).toBe("major-outage");
  });
});
