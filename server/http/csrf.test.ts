import { describe, expect, it } from "vitest";
import { expectedOrigin, isForgeableStateChange, isSameOriginRequest } from "./csrf";

const h = (init: Record<string, string>) => new Headers(init);

describe("isSameOriginRequest", () => {
  it.each([
    ["http", { host: "acme.localhost:3000", origin: "http://acme.localhost:3000" }, true],
    ["http", { host: "ACME.localhost:3000", origin: "http://acme.localhost:3000" }, true],
    ["https", { host: "acme.example.com", origin: "https://acme.example.com" }, true],
    ["https", { host: "acme.example.com:443", origin: "https://acme.example.com" }, true],
    // Scheme, host and port must all match.
    ["https", { host: "acme.example.com", origin: "http://acme.example.com" }, false],
    ["http", { host: "acme.localhost:3000", origin: "https://acme.localhost:3000" }, false],
    ["http", { host: "acme.localhost:3000", origin: "http://acme.localhost:3001" }, false],
    ["http", { host: "acme.localhost:3000", origin: "http://acme.localhost" }, false],
    ["https", { host: "acme.example.com", origin: "https://acme.example.com:8443" }, false],
    ["http", { host: "acme.localhost:3000", origin: "http://globex.localhost:3000" }, false],
    ["http", { host: "acme.localhost:3000", origin: "http://evil.example" }, false],
    ["http", { host: "acme.localhost:3000", origin: "null" }, false],
    ["http", { host: "acme.localhost:3000", origin: "not a url" }, false],
    ["http", { host: "evil.example/@acme.localhost:3000", origin: "http://evil.example" }, false],
    ["http", { origin: "http://acme.localhost:3000" }, false],
    // Without Origin: Sec-Fetch-Site decides; with neither, refused.
    ["http", { host: "acme.localhost:3000", "sec-fetch-site": "same-origin" }, true],
    ["http", { host: "acme.localhost:3000", "sec-fetch-site": "same-site" }, false],
    ["http", { host: "acme.localhost:3000", "sec-fetch-site": "cross-site" }, false],
    ["http", { host: "acme.localhost:3000", "sec-fetch-site": "none" }, false],
    ["http", { host: "acme.localhost:3000" }, false],
  ] as const)("%s %o -> %s", (protocol, headers, expected) => {
    expect(isSameOriginRequest(h(headers), protocol)).toBe(expected);
  });

  it("expectedOrigin normalises default ports and refuses odd Host values", () => {
    expect(expectedOrigin(h({ host: "a.test:443" }), "https")).toBe("https://a.test");
    expect(expectedOrigin(h({ host: "a.test:80" }), "http")).toBe("http://a.test");
    expect(expectedOrigin(h({ host: "[::1]:3000" }), "http")).toBe("http://[::1]:3000");
    expect(expectedOrigin(h({ host: "a.test@b.test" }), "http")).toBeNull();
  });
});

describe("isForgeableStateChange (the proxy's gate)", () => {
  const cross = h({ host: "localhost:3000", origin: "http://evil.example" });
  it("lets safe methods and signed or API-key endpoints through", () => {
    for (const method of ["GET", "HEAD", "OPTIONS"]) expect(isForgeableStateChange(method, "/dashboard", cross)).toBe(false);
    expect(isForgeableStateChange("POST", "/api/v1/usage", h({ host: "localhost:3000" }))).toBe(false);
    expect(isForgeableStateChange("POST", "/api/webhooks/stripe", h({ host: "localhost:3000" }))).toBe(false);
  });
  it("refuses cross-site or origin-less state changes everywhere else", () => {
    for (const path of ["/sign-in", "/api/trpc/tenant.rename", "/dashboard/settings/logo", "/api/auth/signout", "/api/v1x"]) {
      expect(isForgeableStateChange("POST", path, cross), path).toBe(true);
      expect(isForgeableStateChange("POST", path, h({ host: "localhost:3000" })), path).toBe(true);
      expect(isForgeableStateChange("POST", path, h({ host: "localhost:3000", origin: "http://localhost:3000" })), path).toBe(false);
    }
    expect(isForgeableStateChange("DELETE", "/dashboard/settings/logo", cross)).toBe(true);
  });
});
