import { request as httpRequest, createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { enablePeerAddressStamp, normalizeIp, PEER_HEADER, stampPeerAddress } from "./peer-address";

/** request-meta with a given environment (env is parsed once per module instance). */
async function withEnv(vars: Record<string, string | undefined>) {
  vi.resetModules();
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  return import("./request-meta");
}

const toHeaders = (raw: Record<string, string | string[] | undefined>) => {
  const headers = new Headers();
  for (const [k, v] of Object.entries(raw)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(", ") : v);
  return headers;
};

// A real HTTP server in this process, stamped like `next start` is by http-gate.ts (whose
// dropping of proxy headers http-gate.test.ts covers); the handler answers with what
// request-meta makes of the headers it received.
let server: Server;
let port = 0;
let trustProxy = "false";
beforeAll(async () => {
  enablePeerAddressStamp();
  server = createServer((req, res) => {
    stampPeerAddress(req);
    void withEnv({ TRUST_PROXY: trustProxy, TRUST_PROXY_HOPS: process.env.TRUST_PROXY_HOPS }).then(({ clientIp }) => {
      res.end(JSON.stringify({ ip: clientIp(toHeaders(req.headers)) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function get(headers: Record<string, string>): Promise<{ ip: string | null }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port, path: "/", headers }, (res) => {
      let body = "";
      res.on("data", (c: Buffer) => (body += c.toString()));
      res.on("end", () => resolve(JSON.parse(body) as { ip: string | null }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("client IP over real HTTP", () => {
  it("TRUST_PROXY=false: X-Forwarded-For, X-Real-IP and a forged stamp are ignored; the socket's address counts", async () => {
    trustProxy = "false";
    expect(await get({})).toEqual({ ip: "127.0.0.1" });
    expect(await get({ "x-forwarded-for": "203.0.113.7" })).toEqual({ ip: "127.0.0.1" });
    expect(await get({ "x-forwarded-for": "198.51.100.1, 203.0.113.7" })).toEqual({ ip: "127.0.0.1" });
    expect(await get({ "x-real-ip": "203.0.113.7" })).toEqual({ ip: "127.0.0.1" });
    expect(await get({ [PEER_HEADER]: "guess 203.0.113.7" })).toEqual({ ip: "127.0.0.1" });
  });

  it("TRUST_PROXY=true: the entry TRUST_PROXY_HOPS from the right", async () => {
    trustProxy = "true";
    process.env.TRUST_PROXY_HOPS = "1";
    expect(await get({ "x-forwarded-for": "198.51.100.1, 203.0.113.7" })).toEqual({ ip: "203.0.113.7" });
    process.env.TRUST_PROXY_HOPS = "2";
    expect(await get({ "x-forwarded-for": "10.9.9.9, 198.51.100.1, 203.0.113.7" })).toEqual({ ip: "198.51.100.1" });
    expect(await get({ "x-forwarded-for": "198.51.100.1" })).toEqual({ ip: "198.51.100.1" });
    delete process.env.TRUST_PROXY_HOPS;
    // No header at all (no proxy in front after all): the socket.
    expect(await get({})).toEqual({ ip: "127.0.0.1" });
  });
});

describe("clientIp", () => {
  it("TRUST_PROXY=false ignores X-Forwarded-For even without any stamp", async () => {
    const { clientIp, requestMetaFromHeaders } = await withEnv({ TRUST_PROXY: "false" });
    expect(clientIp(new Headers({ "x-forwarded-for": "203.0.113.7" }))).toBeNull();
    expect(requestMetaFromHeaders(new Headers({ "x-forwarded-for": "203.0.113.7", "user-agent": "ua" }))).toEqual({ ip: null, userAgent: "ua" });
  });

  it("TRUST_PROXY=true refuses a non-address in the trusted position", async () => {
    const { clientIp } = await withEnv({ TRUST_PROXY: "true", TRUST_PROXY_HOPS: "1" });
    expect(clientIp(new Headers({ "x-forwarded-for": "203.0.113.7, <script>" }))).toBeNull();
    expect(clientIp(new Headers({ "x-forwarded-for": "203.0.113.7, ::ffff:198.51.100.4" }))).toBe("198.51.100.4");
    expect(clientIp(new Headers({ "x-forwarded-for": "2001:DB8::1" }))).toBe("2001:db8::1");
  });

  it("normalizeIp", () => {
    expect(normalizeIp("[::1]")).toBe("::1");
    // Proxies that write the port too: the address still counts (else every client would share
    // the "unknown" bucket of the per-address limits, and one could lock everyone out).
    expect(normalizeIp("1.2.3.4:80")).toBe("1.2.3.4");
    expect(normalizeIp("[2001:db8::1]:443")).toBe("2001:db8::1");
    expect(normalizeIp("1.2.3.4:80:90")).toBeNull();
    expect(normalizeIp("1.2.3.4:")).toBeNull();
    expect(normalizeIp("")).toBeNull();
  });
});
