import { describe, expect, it } from "vitest";
import { readSearchCountParam, searchCountParam } from "./search-count-link";

const TENANT = "6f1d2c3b-0000-4000-8000-000000000001";
const OTHER = "6f1d2c3b-0000-4000-8000-000000000002";

describe("a search's count in its page links", () => {
  it("is read back only for the same workspace, the same filters and the same figure", () => {
    const filters = { q: "renamed", action: "tenant.updated", tz: "Europe/Berlin" };
    const n = searchCountParam(TENANT, filters, 60);
    expect(n).toMatch(/^60\.[\w-]{22}$/);
    expect(readSearchCountParam(TENANT, filters, n)).toBe(60);
    // Another figure under the same signature, another workspace, other filters: not vouched for.
    expect(readSearchCountParam(TENANT, filters, n.replace(/^60/, "1"))).toBeUndefined();
    expect(readSearchCountParam(OTHER, filters, n)).toBeUndefined();
    expect(readSearchCountParam(TENANT, { ...filters, q: "renamed widget" }, n)).toBeUndefined();
    expect(readSearchCountParam(TENANT, { ...filters, tz: undefined }, n)).toBeUndefined();
    expect(readSearchCountParam(TENANT, { ...filters, from: "2026-11-01" }, n)).toBeUndefined();
    // Whatever else arrives in the URL is no count (never an error).
    for (const junk of [undefined, "", "60", "60.", `-1.${"A".repeat(22)}`, `1e3.${"A".repeat(22)}`, `${"9".repeat(8)}.${"A".repeat(22)}`, `60.${"A".repeat(21)}\u0000`, n + "x"]) {
      expect(readSearchCountParam(TENANT, filters, junk)).toBeUndefined();
    }
  });
});
