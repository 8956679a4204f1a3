import { describe, expect, it } from "vitest";
import { apexNext, safeRedirectPath, sameOriginUrl } from "./safe-redirect";

describe("safeRedirectPath", () => {
  it.each([
    ["/dashboard", "/dashboard"],
    ["/dashboard/audit?page=2", "/dashboard/audit?page=2"],
    ["/a#b", "/a#b"],
    ["/dashboard/./members", "/dashboard/members"],
    ["/a/../dashboard", "/dashboard"],
    ["/%09/evil.example", "/%09/evil.example"],
    ["//evil.example", "/fallback"],
    ["/.//evil.test", "/fallback"],
    ["https://evil.example", "/fallback"],
    ["", "/fallback"],
    [undefined, "/fallback"],
    [42, "/fallback"],
  ])("%j -> %s", (input, expected) => {
    expect(safeRedirectPath(input, "/fallback")).toBe(expected);
  });

  // Each value must come out as a path that a browser resolves to our own origin: parsed
  // against a real origin the origin is unchanged, and the path is not protocol-relative.
  const hostile = [
    "//evil.test",
    "///evil.test",
    "////evil.test",
    "/.//evil.test",
    "/./evil.test/..//evil.test",
    "/..//evil.test",
    "/a/..//evil.test",
    "/%2e//evil.test",
    "/%2e%2e//evil.test",
    "/.%2e//evil.test",
    "/\\evil.test",
    "/\\/evil.test",
    "\\\\evil.test",
    "/./\\evil.test",
    "/%5C%5Cevil.test",
    "/%2F%2Fevil.test",
    "/%252F%252Fevil.test",
    "%2F%2Fevil.test",
    "/\t/evil.test",
    "/\n/evil.test",
    "/\r\n/evil.test",
    "/ /evil.test",
    "/\u0000/evil.test",
    "/\u007f/evil.test",
    "/.\t//evil.test",
    "https://evil.test",
    "http:evil.test",
    "http:/evil.test",
    "https:\\\\evil.test",
    "//user@evil.test",
    "/@evil.test",
    "@evil.test",
    "//evil.test@acme.localhost:3000",
    "javascript:alert(1)",
    "/javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "/\uff0f/evil.test",
    "/\u2215/evil.test",
    "/\u2044/evil.test",
    "/\u3000/evil.test",
    "\u2215\u2215evil.test",
    "evil.test",
    ".//evil.test",
    "?next=//evil.test",
    "#//evil.test",
    "/" + "a".repeat(5000),
  ];

  it(`turns ${hostile.length} hostile values into same-origin paths`, () => {
    expect(hostile.length).toBeGreaterThanOrEqual(25);
    for (const origin of ["https://acme.example.com", "http://acme.localhost:3000", "https://portal.customer.test"]) {
      for (const input of hostile) {
        for (const fallback of ["/dashboard", "/workspaces"]) {
          const out = safeRedirectPath(input, fallback);
          const url = new URL(out, origin);
          expect(url.origin, `${JSON.stringify(input)} on ${origin}`).toBe(origin);
          expect(out.startsWith("//") || out.startsWith("/\\"), JSON.stringify(input)).toBe(false);
          expect(out.startsWith("/"), JSON.stringify(input)).toBe(true);
          // Stable: what we hand out survives being checked again (e.g. after a hand-off).
          expect(safeRedirectPath(out, fallback)).toBe(out);
          expect(apexNext(input)).toMatch(/^\/(?!\/|\\)/);
          expect(new URL(apexNext(input), origin).origin).toBe(origin);
        }
      }
    }
  });

  it("keeps hostile values that are harmless paths as paths (never a host)", () => {
    expect(safeRedirectPath("/%2F%2Fevil.test", "/f")).toBe("/%2F%2Fevil.test");
    expect(safeRedirectPath("/@evil.test", "/f")).toBe("/@evil.test");
    expect(safeRedirectPath("/\uff0f/evil.test", "/f")).toBe("/%EF%BC%8F/evil.test");
  });
});

describe("sameOriginUrl", () => {
  it("resolves a path on the origin and refuses anything else", () => {
    expect(sameOriginUrl("/dashboard", "https://acme.example.com").href).toBe("https://acme.example.com/dashboard");
    expect(sameOriginUrl("//evil.test", "https://acme.example.com").href).toBe("https://acme.example.com/");
  });
});

describe("apexNext", () => {
  it("keeps apex paths (the list too, when asked for) and sends the rest to the sign-in landing", () => {
    expect(apexNext("/invite/abc")).toBe("/invite/abc");
    expect(apexNext("/workspaces")).toBe("/workspaces");
    expect(apexNext(undefined)).toBe("/auth/landing");
    expect(apexNext("/dashboard")).toBe("/auth/landing");
    expect(apexNext("/.//evil.test")).toBe("/auth/landing");
  });
});
