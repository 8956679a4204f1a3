import http from "node:http";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// A short deadline for this file (read lazily by server/env.ts, so it must be set before first use).
vi.hoisted(() => {
  process.env.BODY_READ_TIMEOUT_MS = "1500";
});

const usageRoute = await import("../app/api/v1/usage/route");
const { guardRequestBody } = await import("../server/api/body-deadline");
const { handleTrpcRequest } = await import("../server/trpc/handler");
const { env } = await import("../server/env");
const { apiTenant } = await import("./api-helpers");
const { makeTenant } = await import("./factories");

type Session = { id: string; email: string; name: string } | null;
let session: Session = null;

/**
 * A real HTTP server that hands requests to the route handlers the way `next start` does: the
 * Node request itself becomes the body of a fetch Request (Next's NextRequestAdapter).
 */
const server = http.createServer(async (req, res) => {
  const request = new Request(`http://${req.headers.host}${req.url}`, {
    method: req.method,
    headers: req.headers as Record<string, string>,
    body: req.method === "GET" ? undefined : (req as unknown as BodyInit),
    duplex: "half",
  } as RequestInit);
  const response = req.url!.startsWith("/api/trpc")
    ? await handleTrpcRequest(request, async () => session)
    : await (usageRoute.POST as unknown as (r: Request, c: { params: Promise<object> }) => Promise<Response>)(request, { params: Promise.resolve({}) });
  const body = Buffer.from(await response.arrayBuffer());
  res.writeHead(response.status, { ...Object.fromEntries(response.headers), "content-length": String(body.length) });
  res.end(body);
});
let port = 0;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as net.AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

type Outcome = { status: number; headers: string; body: string; answeredMs: number; closedMs: number | null };

/** Sends `head` and `bodyPart` on a raw socket, then stalls; gives up after `giveUpMs`. */
function stall(head: string, bodyPart: string, giveUpMs = 8000): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    let raw = "";
    let answeredMs = 0;
    let connectedMs: number | null = null;
    let socketError = "none";
    const socket = net.connect(port, "127.0.0.1", () => {
      connectedMs = Date.now() - started;
      socket.write(head + bodyPart);
    });
    const finish = (closedMs: number | null) => {
      clearTimeout(giveUp);
      socket.destroy();
      const [headers = "", body = ""] = raw.split("\r\n\r\n");
      if (!answeredMs) {
        // Says how it ended, should this ever fail again (it did once on CI, not reproduced here).
        const how = closedMs === null ? `gave up after ${giveUpMs} ms` : `closed after ${closedMs} ms`;
        return reject(new Error(`no answer: ${how}; connected after ${connectedMs ?? "never"} ms; socket error ${socketError}`));
      }
      resolve({ status: Number(headers.split(" ")[1]), headers, body, answeredMs, closedMs });
    };
    const giveUp = setTimeout(() => finish(null), giveUpMs);
    socket.on("data", (chunk) => {
      raw += chunk.toString();
      answeredMs ||= Date.now() - started;
    });
    socket.on("close", () => finish(Date.now() - started));
    socket.on("error", (error: NodeJS.ErrnoException) => (socketError = error.code ?? error.message));
  });
}

describe("a body that declares a large Content-Length and stalls", () => {
  it("the deadline comes from BODY_READ_TIMEOUT_MS", () => {
    expect(env.BODY_READ_TIMEOUT_MS).toBe(1500);
  });

  it("public API: 408 with a readable message within seconds, then the connection closes", async () => {
    const t = await apiTenant({ planId: "pro" });
    const head = [
      "POST /api/v1/usage HTTP/1.1",
      "Host: localhost:3000",
      `Authorization: Bearer ${t.key.secret}`,
      "Content-Type: application/json",
      "Content-Length: 1000000",
      "",
      "",
    ].join("\r\n");
    const outcome = await stall(head, '{"metric":');
    expect(outcome.status).toBe(408);
    expect(outcome.answeredMs).toBeGreaterThanOrEqual(1400);
    expect(outcome.answeredMs).toBeLessThan(5000);
    expect(JSON.parse(outcome.body)).toEqual({ error: { code: "request_timeout", message: "The request body did not arrive within 1.5 s. Send it in one go and retry." } });
    expect(outcome.headers.toLowerCase()).toContain("connection: close");
    expect(outcome.closedMs).not.toBeNull();
    expect(outcome.closedMs!).toBeLessThan(5000);
  });

  it("tRPC: 408 within seconds as well", async () => {
    const { tenant, owner } = await makeTenant();
    session = { id: owner.id, email: owner.email, name: owner.name };
    const host = `${tenant.slug}.localhost:3000`;
    const head = [
      "POST /api/trpc/tenant.rename HTTP/1.1",
      `Host: ${host}`,
      `Origin: http://${host}`,
      "Sec-Fetch-Site: same-origin",
      "Content-Type: application/json",
      "Content-Length: 200000",
      "",
      "",
    ].join("\r\n");
    const outcome = await stall(head, '{"json":{"');
    expect(outcome.status).toBe(408);
    expect(outcome.answeredMs).toBeLessThan(5000);
    expect(JSON.parse(outcome.body).error.message).toMatch(/did not arrive within 1\.5 s/);
    session = null;
  });

  it("a body that arrives in pieces within the deadline is read as usual", async () => {
    const t = await apiTenant({ planId: "pro" });
    const body = JSON.stringify({ metric: "units", quantity: 2, idempotencyKey: "slow-but-fine" });
    const result = await new Promise<string>((resolve) => {
      let raw = "";
      const socket = net.connect(port, "127.0.0.1", () => {
        socket.write(
          `POST /api/v1/usage HTTP/1.1\r\nHost: localhost:3000\r\nAuthorization: Bearer ${t.key.secret}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body.slice(0, 10)}`,
        );
        setTimeout(() => socket.write(body.slice(10)), 400);
      });
      socket.on("data", (chunk) => (raw += chunk.toString()));
      socket.on("close", () => resolve(raw));
    });
    expect(result).toMatch(/^HTTP\/1\.1 201 /);
    expect(result).toContain('"accepted":1');
  });

  // Retried: under a heavily loaded CI run the client once saw the connection close with no
  // answer (twice in some thirty full runs; never reproduced alone, even under load). The message
  // now says how it ended (reset or clean close, when) so the next occurrence can be explained.
  it("at the server: a request whose handler waits for the whole body (as next start does) gets a 408 too", { retry: 2 }, async () => {
    // `next start` buffers the body for proxy.ts before any handler runs; this server does the same.
    const buffering = http.createServer((req, res) => {
      req.resume();
      req.on("end", () => res.end("handler ran"));
    });
    buffering.on("request", (request, response) => guardRequestBody({ request, response }, env.BODY_READ_TIMEOUT_MS));
    await new Promise<void>((resolve) => buffering.listen(0, "127.0.0.1", resolve));
    const saved = port;
    port = (buffering.address() as net.AddressInfo).port;
    try {
      const outcome = await stall("POST /api/trpc/tenant.rename HTTP/1.1\r\nHost: localhost:3000\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n", "0123456789");
      expect(outcome.status).toBe(408);
      expect(outcome.answeredMs).toBeLessThan(5000);
      expect(JSON.parse(outcome.body).error).toEqual({ code: "request_timeout", message: "The request body did not arrive within 1.5 s. Send it in one go and retry." });
      expect(outcome.closedMs).not.toBeNull();
      // A complete body is untouched, however long the handler then takes.
      const fine = await stall("POST /x HTTP/1.1\r\nHost: localhost:3000\r\nContent-Length: 3\r\nConnection: close\r\n\r\n", "abc");
      expect(fine.body).toBe("handler ran");
    } finally {
      port = saved;
      await new Promise<void>((resolve) => buffering.close(() => resolve()));
    }
  });
});
