import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { describe, expect, it } from "vitest";
import { publicProcedure, router } from "../server/trpc/init";
import { contextFor } from "./factories";

import { handleTrpcRequest } from "../server/trpc/handler";

// What app/api/trpc/[trpc]/route.ts runs, with a signed-out session.
const route = { POST: (req: Request) => handleTrpcRequest(req, async () => null) };

describe("/api/trpc route", () => {
  it("refuses a cross-site mutation with 403 before running it", async () => {
    const res = await route.POST(
      new Request("http://acme.localhost:3000/api/trpc/tenant.rename", {
        method: "POST",
        headers: { host: "acme.localhost:3000", origin: "http://evil.example", "content-type": "application/json" },
        body: JSON.stringify({ json: { name: "Pwned" } }),
      }),
    );
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: { message: "Cross-site request refused." } });
  });

  it("refuses a mutation whose Origin differs only in scheme or port, or that has no Origin and no Sec-Fetch-Site", async () => {
    const variants: Record<string, string>[] = [{ origin: "https://acme.localhost:3000" }, { origin: "http://acme.localhost:3001" }, {}, { "sec-fetch-site": "same-site" }];
    for (const headers of variants) {
      const res = await route.POST(
        new Request("http://acme.localhost:3000/api/trpc/tenant.rename", {
          method: "POST",
          headers: { host: "acme.localhost:3000", "content-type": "application/json", ...headers },
          body: JSON.stringify({ json: { name: "Pwned" } }),
        }),
      );
      expect(res.status, JSON.stringify(headers)).toBe(403);
    }
  });

  it("lets a same-origin mutation through to tRPC (which then asks for a session)", async () => {
    const res = await route.POST(
      new Request("http://localhost:3000/api/trpc/tenant.create", {
        method: "POST",
        headers: { host: "localhost:3000", origin: "http://localhost:3000", "content-type": "application/json" },
        body: JSON.stringify({ json: { name: "Acme", slug: "acme-x" } }),
      }),
    );
    expect(res.status).toBe(401);
  });
});

describe("batches", () => {
  const batch = (n: number, method: "GET" | "POST", comma = ",") => {
    const names = Array.from({ length: n }, () => "tenant.current").join(comma);
    const input = encodeURIComponent(JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [i, { json: null }]))));
    const url = `http://localhost:3000/api/trpc/${names}?batch=1${method === "GET" ? `&input=${input}` : ""}`;
    return new Request(url, {
      method,
      headers: { host: "localhost:3000", origin: "http://localhost:3000", "content-type": "application/json" },
      body: method === "POST" ? JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [i, { json: null }]))) : undefined,
    });
  };

  it("runs a batch of 10 calls", async () => {
    const res = await handleTrpcRequest(batch(10, "GET"), async () => null);
    expect(res.status).not.toBe(400);
    expect(((await res.json()) as unknown[]).length).toBe(10);
  });

  it("refuses 11 or more calls in one request with a readable 400", async () => {
    for (const method of ["GET", "POST"] as const) {
      const res = await handleTrpcRequest(batch(11, method), async () => null);
      expect(res.status, method).toBe(400);
      expect(await res.json()).toEqual({ error: { message: "A batch may hold at most 10 calls; this request has 11. Split it into smaller batches." } });
    }
    expect((await handleTrpcRequest(batch(500, "GET"), async () => null)).status).toBe(400);
  });

  it("counts the calls as tRPC will: an encoded comma separates calls too", async () => {
    // tRPC decodes the path before splitting it, so `a%2Cb` is two calls.
    for (const comma of ["%2C", "%2c"]) {
      for (const method of ["GET", "POST"] as const) {
        const res = await handleTrpcRequest(batch(11, method, comma), async () => null);
        expect(res.status, `${method} ${comma}`).toBe(400);
        expect(await res.json()).toEqual({ error: { message: "A batch may hold at most 10 calls; this request has 11. Split it into smaller batches." } });
      }
    }
    // Ten encoded still run.
    const ten = await handleTrpcRequest(batch(10, "GET", "%2C"), async () => null);
    expect(((await ten.json()) as unknown[]).length).toBe(10);
  });
});

describe("request bodies", () => {
  // A mutation that reads its input once the caller is signed in (a made-up user: the input is
  // refused before anything is looked up).
  const someone = { id: "00000000-0000-4000-8000-000000000001", email: "someone@example.test", name: "Someone" };
  const post = (body: BodyInit, headers: Record<string, string> = {}) =>
    handleTrpcRequest(
      new Request("http://localhost:3000/api/trpc/account.setTimeZone", { method: "POST", headers: { host: "localhost:3000", origin: "http://localhost:3000", "content-type": "application/json", ...headers }, body }),
      async () => someone,
    );

  it("an input tRPC cannot decode gets a 400 in words, not the JavaScript error it hit", async () => {
    const deep = `{"json":{},"meta":{"values":${"[".repeat(20_000)}${"]".repeat(20_000)}}}`;
    for (const body of ["null", deep, "{not json"]) {
      const res = await post(body);
      expect(res.status, body.slice(0, 20)).toBe(400);
      const text = await res.text();
      expect(text).toContain("The request's input could not be read: send it as JSON, encoded the way the dashboard's client does.");
      expect(text).not.toMatch(/destructure|call stack|Unexpected token/);
    }
  });

  it("refuses bytes that are not UTF-8 (400) and compressed bodies (415), saying why", async () => {
    const notUtf8 = await post(Uint8Array.from([0x7b, 0x22, 0x6a, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]));
    expect(notUtf8.status).toBe(400);
    expect(await notUtf8.json()).toEqual({ error: { message: "The body is not valid UTF-8 text." } });
    const gzipped = await post("{}", { "content-encoding": "gzip" });
    expect(gzipped.status).toBe(415);
    expect(await gzipped.json()).toEqual({ error: { message: "Content-Encoding gzip is not supported: send the body uncompressed." } });
  });
});

describe("unknown errors", () => {
  it("become a generic 500 without their detail", async () => {
    const testRouter = router({
      boom: publicProcedure.query(() => {
        throw new Error("connection string postgres://secret@db");
      }),
    });
    const res = await fetchRequestHandler({
      endpoint: "/api/trpc",
      req: new Request("http://localhost:3000/api/trpc/boom"),
      router: testRouter,
      createContext: () => contextFor({ user: null }),
    });
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).toContain("Something went wrong on our side. Please try again.");
    expect(text).not.toContain("secret");
    expect(text).not.toContain("stack");
  });
});
