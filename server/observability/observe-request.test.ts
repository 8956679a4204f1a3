import { request as httpRequest, createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";

// The test setup quiets the log to errors; these lines are what this file reads.
vi.hoisted(() => {
  process.env.LOG_LEVEL = "info";
});
import { installHttpGate } from "../http/http-gate";
import { logger } from "../logger";
import { noteRequestActor } from "./request-context";
import { acceptRequestId } from "./request-id";
import { normalizeRoutePath } from "./route-template";

// A real HTTP server hooked like `next start` is by instrumentation-node.ts; the app logs from
// deep in an async chain (timers, promises), as route handlers do.
let server: Server;
let port = 0;
let seenByApp: string | undefined;
beforeAll(async () => {
  installHttpGate();
  server = createServer((req, res) => {
    seenByApp = req.headers["x-request-id"] as string | undefined;
    void (async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      noteRequestActor({ workspaceId: "ws-1", userId: "user-1" });
      await Promise.resolve();
      logger.info("handler says hello", { step: 1 });
      res.statusCode = req.url === "/missing" ? 404 : 201;
      res.end("ok");
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
afterEach(() => vi.restoreAllMocks());

function captureStdout() {
  const lines: string[] = [];
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  return () => lines.flatMap((l) => l.split("\n").filter(Boolean)).map((l) => JSON.parse(l) as Record<string, unknown>);
}

function send(path: string, headers: Record<string, string> = {}): Promise<{ status: number; requestId?: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port, path, headers }, (res) => {
      res.resume();
      // The access line is written on 'close', just after the body.
      res.on("end", () => setTimeout(() => resolve({ status: res.statusCode!, requestId: res.headers["x-request-id"] as string | undefined }), 20));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("request ids", () => {
  it("keeps a sane incoming X-Request-Id, returns it, and gives it to the app", async () => {
    const res = await send("/", { "x-request-id": "lb-1234.abc:def_9-z" });
    expect(res.requestId).toBe("lb-1234.abc:def_9-z");
    expect(seenByApp).toBe("lb-1234.abc:def_9-z");
  });

  it("replaces one that is too long or has other characters, and creates one when absent", async () => {
    for (const incoming of ["x".repeat(129), "id with spaces", 'quote"d', "a\u00e9b"]) {
      const res = await send("/", { "x-request-id": incoming });
      expect(res.requestId, incoming).toMatch(/^[0-9a-f-]{36}$/);
    }
    const fresh = await send("/");
    expect(fresh.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(acceptRequestId(["first-id", "second"])).toBe("first-id");
  });

  it("every line written during the request carries its id, workspace and user; one access line ends it", async () => {
    const lines = captureStdout();
    const res = await send("/api/v1/things/3f2a1b4c-1111-4222-8333-444455556666?x=1", { "x-request-id": "trace-42" });
    vi.restoreAllMocks();
    const written = lines();
    const hello = written.find((l) => l.msg === "handler says hello");
    expect(hello).toMatchObject({ level: "info", requestId: "trace-42", workspaceId: "ws-1", userId: "user-1", step: 1 });
    const access = written.filter((l) => l.msg === "request");
    expect(access).toHaveLength(1);
    expect(access[0]).toMatchObject({
      requestId: "trace-42",
      workspaceId: "ws-1",
      userId: "user-1",
      method: "GET",
      route: "/api/v1/things/:id",
      status: 201,
      durationMs: expect.any(Number) as unknown,
    });
    expect(res.status).toBe(201);
    // Two requests at once never mix their contexts.
    const both = captureStdout();
    await Promise.all([send("/", { "x-request-id": "one" }), send("/missing", { "x-request-id": "two" })]);
    vi.restoreAllMocks();
    const concurrent = both();
    const accessOf = (id: string) => concurrent.filter((l) => l.msg === "request" && l.requestId === id);
    expect(accessOf("one")).toEqual([expect.objectContaining({ status: 201, route: "/" })]);
    expect(accessOf("two")).toEqual([expect.objectContaining({ status: 404, route: "(not found)" })]);
    expect(concurrent.filter((l) => l.msg === "handler says hello").map((l) => l.requestId).sort()).toEqual(["one", "two"]);
  });
});

describe("route templates without Next's match", () => {
  it("replace ids, numbers and values, bound the depth, and bucket static files", () => {
    expect(normalizeRoutePath("/api/v1/usage")).toBe("/api/v1/usage");
    expect(normalizeRoutePath("/invite/0123456789abcdefABCDEF0123456789?x")).toBe("/invite/:id");
    expect(normalizeRoutePath("/exports/42/download")).toBe("/exports/:id/download");
    expect(normalizeRoutePath("/t/Some%20Name")).toBe("/t/:value");
    expect(normalizeRoutePath("/a/b/c/d/e/f/g/h")).toBe("/a/b/c/d/e/f/*");
    expect(normalizeRoutePath("/_next/static/chunks/app-123.js")).toBe("/_next/static/*");
  });
});

describe("route label cardinality", () => {
  function sendWith(method: string, path: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const req = httpRequest({ host: "127.0.0.1", port, path, method }, (res) => {
        res.resume();
        res.on("end", () => setTimeout(() => resolve(res.statusCode!), 20));
      });
      req.on("error", reject);
      req.end();
    });
  }

  it("requests answered without a Next route (405 from the gate, refusals from proxy.ts) cannot mint new histogram series", async () => {
    const { metrics } = await import("../metrics/metrics");
    const routes = async () => {
      const metric = await metrics().httpRequestDuration.get();
      return new Set(metric.values.map((v) => String(v.labels.route)));
    };
    const before = (await routes()).size;
    for (const word of ["alpha", "bravo", "charlie", "delta", "echo"]) expect(await sendWith("TRACE", `/wp-${word}/x-${word}.php`)).toBe(405);
    const after = await routes();
    expect([...after].filter((r) => r.includes("wp-"))).toEqual([]);
    expect(after.size - before).toBeLessThanOrEqual(1);
  });
});
