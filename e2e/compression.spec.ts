import { expect, test } from "@playwright/test";
import { apex } from "./helpers";

// `next start` itself does not compress route-handler answers (server/http/compress-response.ts
// says why); large JSON from the API and tRPC is compressed by the app, small answers are not.
test("large JSON answers of the API and tRPC arrive compressed under next start; small ones do not", async ({ request }) => {
  for (const encoding of ["br", "gzip"]) {
    const doc = await request.get(apex("/api/v1/openapi.json"), { headers: { "accept-encoding": encoding } });
    expect(doc.status()).toBe(200);
    expect(doc.headers()["content-encoding"]).toBe(encoding);
    expect(doc.headers()["vary"]).toContain("Accept-Encoding");
    expect(((await doc.json()) as { openapi: string }).openapi).toMatch(/^3\./);
  }

  const plain = await request.get(apex("/api/v1/openapi.json"), { headers: { "accept-encoding": "identity" } });
  expect(plain.headers()["content-encoding"]).toBeUndefined();

  const small = await request.get(apex("/api/v1/entitlements"), { headers: { "accept-encoding": "br, gzip" } });
  expect(small.status()).toBe(401);
  expect(small.headers()["content-encoding"]).toBeUndefined();

  // Ten signed-out calls in one batch: ten errors, well over a kilobyte of JSON.
  const names = Array.from({ length: 10 }, () => "member.list").join(",");
  const input = encodeURIComponent(JSON.stringify(Object.fromEntries(Array.from({ length: 10 }, (_, i) => [i, { json: { tenantSlug: "acme" } }]))));
  const batch = await request.get(apex(`/api/trpc/${names}?batch=1&input=${input}`), { headers: { "accept-encoding": "br" } });
  expect(batch.headers()["content-encoding"]).toBe("br");
  expect(await batch.json()).toHaveLength(10);
});
