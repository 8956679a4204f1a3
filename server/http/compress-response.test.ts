import { request as httpRequest, createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APP_ENCODING_HEADER, chooseEncoding, compressResponse, MIN_COMPRESS_BYTES } from "./compress-response";
import { installHttpGate } from "./http-gate";

const large = { items: Array.from({ length: 200 }, (_, i) => ({ id: i, name: `member-${i}`, role: "member" })) };
const request = (acceptEncoding?: string) => new Request("http://localhost:3000/api/v1/x", { headers: acceptEncoding ? { "accept-encoding": acceptEncoding } : {} });
const decode = (encoding: string | null, body: Buffer) => (encoding === "br" ? zlib.brotliDecompressSync(body) : encoding === "gzip" ? zlib.gunzipSync(body) : body).toString();

describe("chooseEncoding", () => {
  it.each([
    ["gzip, deflate, br", "br"],
    ["gzip", "gzip"],
    ["br;q=0, gzip;q=0.5", "gzip"],
    ["*", "br"],
    ["*;q=0, gzip", "gzip"],
    ["identity", null],
    ["deflate", null],
    ["BR ; q=1.0", "br"],
    ["", null],
  ])("%j -> %s", (header, expected) => {
    expect(chooseEncoding(header)).toBe(expected);
  });
});

describe("compressResponse", () => {
  it("compresses large JSON with brotli or gzip, as the client accepts, and says so", async () => {
    for (const encoding of ["br", "gzip"] as const) {
      const res = await compressResponse(request(encoding), Response.json(large, { status: 201, headers: { "Cache-Control": "no-store" } }), { enabled: true });
      const body = Buffer.from(await res.arrayBuffer());
      expect(res.status).toBe(201);
      expect(res.headers.get(APP_ENCODING_HEADER)).toBe(encoding);
      expect(res.headers.get("vary")).toBe("Accept-Encoding");
      expect(res.headers.get("cache-control")).toBe("no-store");
      expect(body.byteLength).toBeLessThan(JSON.stringify(large).length / 4);
      expect(JSON.parse(decode(encoding, body))).toEqual(large);
    }
  });

  it("leaves tiny answers alone (no Vary either: they never differ)", async () => {
    const small = { ok: true, pad: "x".repeat(MIN_COMPRESS_BYTES - 40) };
    const res = await compressResponse(request("br"), Response.json(small), { enabled: true });
    expect(res.headers.get(APP_ENCODING_HEADER)).toBeNull();
    expect(res.headers.get("vary")).toBeNull();
    expect(await res.json()).toEqual(small);
  });

  it("sends large JSON as it is to a client that accepts neither, with Vary", async () => {
    for (const accept of [undefined, "identity", "br;q=0, gzip;q=0"]) {
      const res = await compressResponse(request(accept), Response.json(large), { enabled: true });
      expect(res.headers.get(APP_ENCODING_HEADER)).toBeNull();
      expect(res.headers.get("vary")).toBe("Accept-Encoding");
      expect(await res.json()).toEqual(large);
    }
  });

  it("leaves other media types, and everything when the HTTP gate is not there to pass the encoding on", async () => {
    const text = new Response("x".repeat(5000), { headers: { "content-type": "text/csv" } });
    expect((await compressResponse(request("br"), text, { enabled: true })).headers.get(APP_ENCODING_HEADER)).toBeNull();
    const json = await compressResponse(request("br"), Response.json(large), { enabled: false });
    expect(json.headers.get(APP_ENCODING_HEADER)).toBeNull();
    expect(await json.json()).toEqual(large);
  });
});

// The HTTP side, hooked like `next start` is by instrumentation-node.ts: the answer is written as
// Next writes a route handler's Response (headers appended one by one, Content-Encoding dropped).
describe("through the HTTP gate", () => {
  let server: Server;
  let port = 0;
  beforeAll(async () => {
    installHttpGate();
    server = createServer((req, res) => {
      void (async () => {
        const answer = await compressResponse(new Request(`http://localhost${req.url}`, { headers: { "accept-encoding": req.headers["accept-encoding"] ?? "" } }), Response.json(large));
        res.statusCode = answer.status;
        answer.headers.forEach((value, name) => {
          if (!["content-length", "content-encoding", "transfer-encoding"].includes(name)) res.appendHeader(name, value);
        });
        res.end(Buffer.from(await answer.arrayBuffer()));
      })();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const get = (path: string, acceptEncoding: string) =>
    new Promise<{ encoding: string | undefined; body: Buffer; internal: unknown }>((resolve, reject) => {
      const req = httpRequest({ host: "127.0.0.1", port, path, headers: { "accept-encoding": acceptEncoding } }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ encoding: res.headers["content-encoding"], body: Buffer.concat(chunks), internal: res.headers[APP_ENCODING_HEADER] }));
      });
      req.on("error", reject);
      req.end();
    });

  it("an /api answer goes out with Content-Encoding, and decodes to the JSON", async () => {
    for (const encoding of ["br", "gzip"]) {
      const res = await get("/api/v1/entitlements", encoding);
      expect(res.encoding).toBe(encoding);
      expect(res.internal).toBeUndefined();
      expect(JSON.parse(decode(encoding, res.body))).toEqual(large);
    }
  });
});
