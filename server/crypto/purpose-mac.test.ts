import { describe, expect, it } from "vitest";
import { purposeMac } from "./purpose-mac";

describe("purposeMac", () => {
  it("verifies its own signature, and nothing signed for another purpose, subject or length", () => {
    const links = purposeMac({ salt: "test-links-v1", info: "links" });
    const counts = purposeMac({ salt: "test-counts-v1", info: "counts", length: 22 });
    const signed = links.sign("subscriber:1");
    expect(links.verify("subscriber:1", signed)).toBe(true);
    expect(links.verify("subscriber:2", signed)).toBe(false);
    // The same subject under another purpose's key is another signature.
    expect(counts.verify("subscriber:1", signed.slice(0, 22))).toBe(false);
    expect(counts.sign("subscriber:1")).toHaveLength(22);
    expect(counts.verify("subscriber:1", counts.sign("subscriber:1"))).toBe(true);
    // Tampered, cut short or empty: refused (never thrown on a length mismatch).
    const flipped = signed.slice(0, -1) + (signed.endsWith("A") ? "B" : "A");
    for (const bad of [flipped, signed.slice(0, -1), ""]) expect(links.verify("subscriber:1", bad)).toBe(false);
  });
});
