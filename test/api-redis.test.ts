import Redis from "ioredis";
import { createHash } from "node:crypto";
import net from "node:net";
import { afterAll, describe, expect, it } from "vitest";

// The same API checks with REDIS_URL set: limits live in Redis, shared by every instance.
const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const redisUp = await new Promise<boolean>((resolve) => {
  const url = new URL(REDIS_URL);
  const socket = net.connect({ host: url.hostname, port: Number(url.port || 6379) });
  socket.once("connect", () => (socket.destroy(), resolve(true)));
  socket.once("error", () => resolve(false));
});
process.env.REDIS_URL = REDIS_URL;

const entitlements = (await import("../app/api/v1/entitlements/route")).GET as never;
const { apiTenant, call } = await import("./api-helpers");
const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
const { closeRateLimitStores } = await import("../server/rate-limit/gcra");
afterAll(() => {
  redis.disconnect();
  closeRateLimitStores();
});

describe("rate limits on the Redis store", () => {
  it.skipIf(!redisUp)("keeps the bucket in Redis: headers, then 429 with Retry-After", async () => {
    const t = await apiTenant({ planId: "starter" });
    const first = await call(entitlements, { key: t.key.secret });
    expect(first.status).toBe(200);
    expect(first.headers.get("ratelimit")).toMatch(/^"per-minute";r=59;t=\d+$/);
    const results = [];
    for (let i = 0; i < 60; i++) results.push(await call(entitlements, { key: t.key.secret }));
    const limited = results.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThanOrEqual(1);
    expect(Number(limited[0]!.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    await redis.connect();
    const digest = createHash("sha256").update(`api:tenant:${t.tenant.id}`).digest("base64url");
    expect(Number(await redis.get(`atrium:rl:${digest}`))).toBeGreaterThan(Date.now());
  });
});
