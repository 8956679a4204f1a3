import { request as httpRequest, createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installHttpGate } from "./http-gate";

// A real HTTP server hooked like `next start` is by instrumentation-node.ts.
let server: Server;
let port = 0;
let reached = 0;
beforeAll(async () => {
  installHttpGate();
  server = createServer((_req, res) => {
    reached++;
    res.end("app");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function send(method: string): Promise<{ status: number; allow?: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port, path: "/", method }, (res) => {
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
});
