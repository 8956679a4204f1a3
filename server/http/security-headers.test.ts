import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";

// Behind one trusted proxy that says whether the browser used https.
process.env.TRUST_PROXY = "true";
const { proxy } = await import("../../proxy");
const { contentSecurityPolicy, createNonce, isHttpsRequest, THEME_SCRIPT_HASH } = await import("./security-headers");
const { authCookies } = await import("../auth/auth-cookies");
const { makeTenant } = await import("../../test/factories");

const request = (host: string, path: string, headers: Record<string, string> = {}) =>
  new NextRequest(new URL(path, `http://${host}`), { headers: { host, ...headers } });

function directives(csp: string): Map<string, string> {
  return new Map(csp.split(";").map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values.join(" ")]));
}

describe("Content-Security-Policy", () => {
  it("locks scripts to the nonce, forbids framing, plugins and base-URI tricks", () => {
    const nonce = createNonce();
    const policy = directives(contentSecurityPolicy({ nonce }));
    // The root layout's theme script (a constant) by its hash: prerendered pages cannot carry a nonce.
    // That the browser runs it under both policies is e2e/theme.spec.ts's check (dark before hydration).
    expect(policy.get("script-src")).toBe(`'self' 'nonce-${nonce}' '${THEME_SCRIPT_HASH}' 'strict-dynamic' https:`);
    expect(policy.get("frame-ancestors")).toBe("'none'");
    expect(policy.get("object-src")).toBe("'none'");
    expect(policy.get("base-uri")).toBe("'self'");
    expect(policy.get("default-src")).toBe("'self'");
    expect(policy.get("script-src")).not.toContain("unsafe-inline");
    expect(policy.get("script-src")).not.toContain("unsafe-eval");
    expect(createNonce()).not.toBe(nonce);
    // A prerendered page: its inline scripts by hash, Next's chunks by 'self' (parser-inserted
    // <script src> tags, which 'strict-dynamic' would block), and no https: wildcard.
    expect(directives(contentSecurityPolicy({ scriptHashes: ["sha256-abc", "sha256-def"] })).get("script-src")).toBe(`'self' '${THEME_SCRIPT_HASH}' 'sha256-abc' 'sha256-def'`);
    // Listed once when the page's own hashes already hold it.
    expect(directives(contentSecurityPolicy({ scriptHashes: [THEME_SCRIPT_HASH] })).get("script-src")).toBe(`'self' '${THEME_SCRIPT_HASH}'`);
  });


  it("proxy.ts sends a fresh nonce per request, on the response and to Next (request header), on every surface", async () => {
    const { tenant } = await makeTenant();
    const seen = new Set<string>();
    for (const [host, path] of [["localhost:3000", "/"], ["localhost:3000", "/sign-in"], [`${tenant.slug}.localhost:3000`, "/dashboard"], ["nobody-here.localhost:3000", "/"], ["admin.localhost:3000", "/"]]) {
      const res = await proxy(request(host!, path!));
      const csp = res.headers.get("content-security-policy")!;
      const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
      expect(nonce, `${host}${path}`).toBeTruthy();
      // What Next.js reads to stamp its scripts with the nonce.
      expect(res.headers.get("x-middleware-request-content-security-policy")).toBe(csp);
      seen.add(nonce!);
    }
    expect(seen.size).toBe(5);
  });

  it("a client cannot choose the nonce by sending its own policy", async () => {
    const res = await proxy(request("localhost:3000", "/", { "content-security-policy": "script-src 'nonce-attacker'" }));
    expect(res.headers.get("x-middleware-request-content-security-policy")).not.toContain("attacker");
  });

  it("leaves the logo's own sandbox policy alone", async () => {
    const { tenant } = await makeTenant();
    const res = await proxy(request(`${tenant.slug}.localhost:3000`, "/brand/logo"));
    expect(res.headers.get("content-security-policy")).toBeNull();
  });
});

describe("HSTS", () => {
  it("is sent over https (a trusted proxy's X-Forwarded-Proto), not over http", async () => {
    const https = await proxy(request("localhost:3000", "/", { "x-forwarded-proto": "https" }));
    expect(https.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
    expect((await proxy(request("localhost:3000", "/", { "x-forwarded-proto": "http" }))).headers.get("strict-transport-security")).toBeNull();
    expect((await proxy(request("localhost:3000", "/"))).headers.get("strict-transport-security")).toBeNull();
    // A customer's own domain: no includeSubDomains (its other hosts are not ours).
    const custom = await proxy(request("portal.customer.test", "/", { "x-forwarded-proto": "https" }));
    expect(custom.headers.get("strict-transport-security")).toBe("max-age=31536000");
  });

  it("isHttpsRequest takes the trusted proxy's entry, from the right", () => {
    const url = new URL("http://localhost:3000/");
    expect(isHttpsRequest(url, new Headers({ "x-forwarded-proto": "http, https" }))).toBe(true);
    expect(isHttpsRequest(url, new Headers({ "x-forwarded-proto": "https, http" }))).toBe(false);
    expect(isHttpsRequest(new URL("https://a.test/"), new Headers())).toBe(true);
  });
});

describe("session cookies", () => {
  it("use the __Host- prefix (Secure, Path=/, no Domain) over https, Auth.js's defaults on http", () => {
    const cookies = authCookies("https")!;
    for (const cookie of Object.values(cookies)) {
      expect(cookie.name.startsWith("__Host-")).toBe(true);
      expect(cookie.options).toMatchObject({ secure: true, path: "/", httpOnly: true });
      expect(cookie.options).not.toHaveProperty("domain");
    }
    expect(authCookies("http")).toBeUndefined();
  });
});
