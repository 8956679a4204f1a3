import { request as httpRequest, createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dropUntrustedProxyHeaders, installHttpGate } from "./http-gate";

// A real HTTP server hooked like `next start` is by instrumentation-node.ts.
let server: Server;
let port = 0;
let reached = 0;
let lastHeaders: Record<string, unknown> = {};
beforeAll(async () => {
  installHttpGate();
  server = createServer((req, res) => {
    reached++;
    lastHeaders = { ...req.headers };
    res.end("app");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function send(method: string, headers: Record<string, string> = {}): Promise<{ status: number; allow?: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port, path: "/", method, headers }, (res) => {
      let body = "";
      res.on("data", (c: Buffer) => (body += c.toString()));
      res.on("end", () => resolve({ status: res.statusCode!, allow: res.headers.allow, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("HTTP gate", () => {
  // (Methods Node's parser does not know at all, like TRACK, never reach a server: it answers 400.)
  it("answers TRACE and WebDAV methods with 405 before the app sees them", async () => {
    for (const method of ["TRACE", "PROPFIND", "MKCOL", "LOCK"]) {
      const before = reached;
      const res = await send(method);
      expect(res.status, method).toBe(405);
      expect(res.allow).toBe("GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
      expect(res.body).toBe(`The ${method} method is not allowed.`);
      expect(reached).toBe(before);
    }
  });

  it("passes the methods the app serves", async () => {
    for (const method of ["GET", "POST", "DELETE", "OPTIONS"]) expect((await send(method)).status, method).toBe(200);
  });

  it("without a trusted proxy (the default), client-sent proxy headers never reach the app", async () => {
    const spoofed = { "x-forwarded-for": "203.0.113.7", "x-forwarded-host": "evil.test", "x-forwarded-proto": "https", forwarded: "for=203.0.113.7", "x-real-ip": "203.0.113.7" };
    await send("GET", spoofed);
    for (const name of Object.keys(spoofed)) expect(lastHeaders[name], name).toBeUndefined();
    expect(lastHeaders["x-atrium-peer"]).toMatch(/ 127\.0\.0\.1$/);
  });

  it("behind a trusted proxy they are kept", () => {
    const req = { headers: { "x-forwarded-for": "203.0.113.7", "x-forwarded-proto": "https" } };
    dropUntrustedProxyHeaders(req, true);
    expect(req.headers).toEqual({ "x-forwarded-for": "203.0.113.7", "x-forwarded-proto": "https" });
    dropUntrustedProxyHeaders(req, false);
    expect(req.headers).toEqual({});
  });
});
