import zlib from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import * as entitlementsRoute from "../app/api/v1/entitlements/route";
import * as openapiRoute from "../app/api/v1/openapi.json/route";
import { APP_ENCODING_HEADER, enableAppEncoding } from "../server/http/compress-response";
import { handleTrpcRequest } from "../server/trpc/handler";
import { apiTenant } from "./api-helpers";

// As under `next start`, where the HTTP gate passes the encoding on (compress-response.ts).
beforeAll(() => enableAppEncoding());

async function read(res: Response) {
  const encoding = res.headers.get(APP_ENCODING_HEADER);
  const raw = Buffer.from(await res.arrayBuffer());
  const text = (encoding === "br" ? zlib.brotliDecompressSync(raw) : encoding === "gzip" ? zlib.gunzipSync(raw) : raw).toString();
  return { encoding, wire: raw.byteLength, json: JSON.parse(text) as unknown };
}

describe("compressed JSON answers", () => {
  it("the OpenAPI document (about 10 KB) goes out compressed, byte-for-byte the same JSON", async () => {
    const plain = await read(await openapiRoute.GET(new Request("http://localhost:3000/api/v1/openapi.json")));
    const br = await read(await openapiRoute.GET(new Request("http://localhost:3000/api/v1/openapi.json", { headers: { "accept-encoding": "gzip, deflate, br" } })));
    expect(plain.encoding).toBeNull();
    expect(br.encoding).toBe("br");
    expect(br.json).toEqual(plain.json);
    expect(br.wire).toBeLessThan(plain.wire / 4);
  });

  it("a small API answer (entitlements, a few hundred bytes) is not compressed", async () => {
    const t = await apiTenant({ planId: "pro" });
    const res = await (entitlementsRoute.GET as unknown as (req: Request, route: { params: Promise<object> }) => Promise<Response>)(
      new Request("http://localhost:3000/api/v1/entitlements", { headers: { authorization: `Bearer ${t.key.secret}`, "accept-encoding": "br, gzip" } }),
      { params: Promise.resolve({}) },
    );
    const answer = await read(res);
    expect(res.status).toBe(200);
    expect(answer.encoding).toBeNull();
    expect(answer.wire).toBeLessThan(1024);
    expect(answer.json).toMatchObject({ plan: "pro" });
  });

  it("a large tRPC batch answer (ten calls, signed out: ten errors) is compressed with gzip when that is all the client takes", async () => {
    const names = ["member.list", "apiKey.list", "audit.list", "usage.summary", "billing.overview", "domain.list", "tenant.settings", "member.list", "apiKey.list", "audit.list"];
    const input = encodeURIComponent(JSON.stringify(Object.fromEntries(names.map((_, i) => [i, { json: { tenantSlug: "acme" } }]))));
    const res = await handleTrpcRequest(new Request(`http://localhost:3000/api/trpc/${names.join(",")}?batch=1&input=${input}`, { headers: { "accept-encoding": "gzip" } }), async () => null);
    const answer = await read(res);
    expect(answer.encoding).toBe("gzip");
    expect(res.headers.get("vary")).toContain("Accept-Encoding");
    expect(answer.json).toHaveLength(10);
  });
});
