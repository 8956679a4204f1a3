import { describe, expect, it } from "vitest";
import { relativeTime } from "./relative-time";

describe("relativeTime", () => {
  const now = new Date("2026-11-30T12:00:00Z");
  const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000);

  it("speaks English by default and German when asked", () => {
    expect(relativeTime(ago(10), now)).toBe("just now");
    expect(relativeTime(ago(10), now, "de")).toBe("gerade eben");
    expect(relativeTime(ago(180), now)).toBe("3 minutes ago");
    expect(relativeTime(ago(180), now, "de")).toBe("vor 3 Minuten");
    expect(relativeTime(ago(86_400), now)).toBe("yesterday");
    expect(relativeTime(ago(86_400), now, "de")).toBe("gestern");
  });
});
