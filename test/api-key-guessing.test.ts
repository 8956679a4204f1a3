import { describe, expect, it } from "vitest";
import { FAILED_LOOKUPS_PER_ADDRESS_PER_MINUTE, invalidateApiKeyCache } from "../server/api-keys/authenticate-api-key";
import { hashApiKey } from "../server/api-keys/key-format";
import { enablePeerAddressStamp, PEER_HEADER, stampPeerAddress } from "../server/http/peer-address";
import { apiTenant, call } from "./api-helpers";

// Guessing keys from one address: each new key misses the cache and costs a query, so one address
// gets a bounded number of failed lookups a minute; valid keys never count and are never held back.

const tenantRoute = await import("../app/api/v1/tenant/route");
const h = { tenant: tenantRoute.GET as never };

enablePeerAddressStamp();

/** The headers a request from this socket address carries once the server stamped it (http-gate.ts). */
function fromAddress(address: string): Record<string, string> {
  const req = { headers: {} as Record<string, string | string[] | undefined>, socket: { remoteAddress: address } };
  stampPeerAddress(req as never);
  return { [PEER_HEADER]: String(req.headers[PEER_HEADER]) };
}

const guess = (i: number) => `atr_live_${String(i).padStart(43, "g")}`;

describe("API key guessing", () => {
  it("one address gets a bounded number of failed lookups a minute (then 429); valid keys and other addresses still work", async () => {
    const t = await apiTenant();
    const guesser = fromAddress("203.0.113.9");
    // Known before the flood: cached, so never held back.
    expect((await call(h.tenant, { key: t.key.secret, headers: guesser })).status).toBe(200);
    const statuses: number[] = [];
    for (let i = 0; i < FAILED_LOOKUPS_PER_ADDRESS_PER_MINUTE + 5; i++) statuses.push((await call(h.tenant, { key: guess(i), headers: guesser })).status);
    expect(statuses.filter((s) => s === 401).length).toBeGreaterThanOrEqual(FAILED_LOOKUPS_PER_ADDRESS_PER_MINUTE - 2);
    const refused = await call(h.tenant, { key: guess(100_000), headers: guesser });
    expect(refused.status).toBe(429);
    expect(refused.body?.error?.code).toBe("too_many_key_lookups");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await call(h.tenant, { key: t.key.secret, headers: guesser })).status).toBe(200);
    // Valid keys never count: many of them, uncached, from one address all work.
    const many = await Promise.all(Array.from({ length: 3 }, () => apiTenant()));
    const busy = fromAddress("192.0.2.50");
    for (let round = 0; round < FAILED_LOOKUPS_PER_ADDRESS_PER_MINUTE / 3 + 5; round++) {
      for (const other of many) {
        invalidateApiKeyCache(hashApiKey(other.key.secret));
        expect((await call(h.tenant, { key: other.key.secret, headers: busy })).status).toBe(200);
      }
    }
    // Sent all at once, guesses cannot slip past: at most the budget is looked up.
    const rush = fromAddress("203.0.113.77");
    const burst = await Promise.all(Array.from({ length: FAILED_LOOKUPS_PER_ADDRESS_PER_MINUTE + 40 }, (_, i) => call(h.tenant, { key: guess(300_000 + i), headers: rush })));
    expect(burst.filter((r) => r.status === 401).length).toBeLessThanOrEqual(FAILED_LOOKUPS_PER_ADDRESS_PER_MINUTE + 1);
    expect(burst.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(39);
    // An old key sent again and again (a deployment never updated) is looked up once, not each time.
    const stale = fromAddress("198.51.100.200");
    for (let i = 0; i < FAILED_LOOKUPS_PER_ADDRESS_PER_MINUTE * 2; i++) expect((await call(h.tenant, { key: guess(400_000), headers: stale })).status).toBe(401);
    // Another address is not affected.
    expect((await call(h.tenant, { key: guess(200_000), headers: fromAddress("198.51.100.4") })).status).toBe(401);
  });
});
