import { describe, expect, it } from "vitest";
import { normalizeHostname, originFor, parseHost, type HostTarget } from "./parse-host";

describe("parseHost", () => {
  const cases: [string | null, string, HostTarget][] = [
    ["localhost:3000", "localhost:3000", { kind: "apex" }],
    ["localhost", "localhost:3000", { kind: "apex" }],
    ["LOCALHOST:3000", "localhost:3000", { kind: "apex" }],
    ["www.localhost:3000", "localhost:3000", { kind: "apex" }],
    ["localhost.:3000", "localhost:3000", { kind: "apex" }],
    [null, "localhost:3000", { kind: "apex" }],
    ["acme.localhost:3000", "localhost:3000", { kind: "tenant", slug: "acme" }],
    ["ACME.LocalHost:3000", "localhost:3000", { kind: "tenant", slug: "acme" }],
    ["acme.localhost.:3000", "localhost:3000", { kind: "tenant", slug: "acme" }],
    ["www.acme.localhost:3000", "localhost:3000", { kind: "tenant", slug: "acme" }],
    ["acme.localhost:8080", "localhost:3000", { kind: "tenant", slug: "acme" }],
    ["admin.localhost:3000", "localhost:3000", { kind: "admin" }],
    ["admin.example.com", "example.com", { kind: "admin" }],
    ["example.com", "example.com", { kind: "apex" }],
    ["www.example.com", "example.com", { kind: "apex" }],
    ["globex.example.com", "example.com", { kind: "tenant", slug: "globex" }],
    ["my-team-2.example.com", "example.com", { kind: "tenant", slug: "my-team-2" }],
    ["a.b.example.com", "example.com", { kind: "unknown-tenant", label: "a.b" }],
    ["api.example.com", "example.com", { kind: "unknown-tenant", label: "api" }],
    ["ab.example.com", "example.com", { kind: "unknown-tenant", label: "ab" }],
    ["-bad.example.com", "example.com", { kind: "unknown-tenant", label: "-bad" }],
    ["xn--bcher-kva.example.com", "example.com", { kind: "unknown-tenant", label: "xn--bcher-kva" }],
    ["portal.acme.com", "example.com", { kind: "foreign", hostname: "portal.acme.com" }],
    ["evilexample.com", "example.com", { kind: "foreign", hostname: "evilexample.com" }],
    ["example.com.evil.net", "example.com", { kind: "foreign", hostname: "example.com.evil.net" }],
    ["127.0.0.1:3000", "localhost:3000", { kind: "foreign", hostname: "127.0.0.1" }],
  ];
  it.each(cases)("%s (root %s)", (host, root, expected) => {
    expect(parseHost(host, root)).toEqual(expected);
  });
});

describe("normalizeHostname", () => {
  it.each([
    [" Acme.Example.COM. ", "acme.example.com"],
    ["acme.example.com:443", "acme.example.com"],
    ["[::1]:3000", "[::1]"],
  ])("%s -> %s", (input, output) => expect(normalizeHostname(input)).toBe(output));
});

describe("originFor", () => {
  it("builds tenant, admin and apex origins", () => {
    expect(originFor({ kind: "tenant", slug: "acme" }, "localhost:3000", "http")).toBe("http://acme.localhost:3000");
    expect(originFor({ kind: "admin" }, "example.com", "https")).toBe("https://admin.example.com");
    expect(originFor({ kind: "apex" }, "example.com", "https")).toBe("https://example.com");
  });
});
