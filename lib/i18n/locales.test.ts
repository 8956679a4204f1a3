import { describe, expect, it } from "vitest";
import { marketingPath, negotiateLocale } from "./locales";

describe("negotiateLocale", () => {
  it("picks the best known language by quality, ignoring regions and malformed entries", () => {
    expect(negotiateLocale("de-CH,de;q=0.9,en;q=0.8")).toBe("de");
    expect(negotiateLocale("fr-FR,fr;q=0.9,en;q=0.5,de;q=0.7")).toBe("de");
    expect(negotiateLocale("en-US,en;q=0.9")).toBe("en");
    expect(negotiateLocale("fr,es")).toBeNull();
    expect(negotiateLocale("de;q=abc,en;q=0.1")).toBe("en");
    expect(negotiateLocale("de;q=0")).toBeNull();
    expect(negotiateLocale("")).toBeNull();
    expect(negotiateLocale(null)).toBeNull();
    expect(negotiateLocale("x".repeat(10_000))).toBeNull();
  });
});

describe("marketingPath", () => {
  it("keeps English at the root and puts German under /de", () => {
    expect(marketingPath("en", "/pricing")).toBe("/pricing");
    expect(marketingPath("de", "/")).toBe("/de");
    expect(marketingPath("de", "/sign-up")).toBe("/de/sign-up");
  });
});
