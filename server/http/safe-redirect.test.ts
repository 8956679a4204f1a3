import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "./safe-redirect";

describe("safeRedirectPath", () => {
  it.each([
    ["/dashboard", "/dashboard"],
    ["/dashboard/audit?page=2", "/dashboard/audit?page=2"],
    ["/a#b", "/a#b"],
    ["//evil.example", "/fallback"],
    ["/\\evil.example", "/fallback"],
    ["/\tevil", "/fallback"],
    ["/\t/evil.example", "/fallback"],
    ["/%09/evil.example", "/%09/evil.example"],
    ["https://evil.example", "/fallback"],
    ["javascript:alert(1)", "/fallback"],
    ["", "/fallback"],
    [undefined, "/fallback"],
  ])("%j -> %s", (input, expected) => {
    expect(safeRedirectPath(input, "/fallback")).toBe(expected);
  });
});
