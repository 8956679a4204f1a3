import { spawn } from "node:child_process";
import http from "node:http";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { revokeApiKey, rotateApiKey } from "../server/api-keys/manage-api-keys";
import { applySubscriptionSnapshot } from "../server/billing/apply-subscription-snapshot";
import { transitionTenantStatus } from "../server/billing/transition-tenant-status";
import { startCacheBroadcast, stopCacheBroadcast, type CacheBroadcast } from "../server/cache/broadcast-invalidations";
import { getDb } from "../server/db/client";
import { withTenant } from "../server/db/with-tenant";
import { users } from "../server/db/schema";
import { createSessionRecord } from "../server/sessions/create-session-record";
import { revokeSession } from "../server/sessions/revoke-sessions";
import { deleteTenant } from "../server/tenants/delete-tenant";
import { lockTenantOrThrow } from "../server/tenants/lock-tenant";
import { apiTenant } from "./api-helpers";
import { makeUser, TEST_META } from "./factories";
import { freePort, privateRedis, type PrivateRedis } from "./redis-server";

// The promise of the shared caches: with REDIS_URL, what one instance changes (here: this test
// process, as the instance or worker that makes the change) is seen by another instance (a real
// second process, set up by the app's own instrumentation hook) within a second, although that
// one cached the old state moments before and its caches live 2 s (usage snapshot), 5 s (API
// keys, sessions) and 30 s (host -> workspace) without a message.

let redis: PrivateRedis;
let broadcast: CacheBroadcast;
let other: { port: number; output: () => string; stop: () => Promise<void> };

async function startInstance(redisUrl: string) {
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "test/instance-child.ts"], {
    env: { ...process.env, REDIS_URL: redisUrl, JOBS_IN_PROCESS: "false", TENANT_CACHE_TTL_MS: "30000", LOG_LEVEL: "info" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const deadline = Date.now() + 30_000;
  // Ready to serve, and subscribed: a message sent before that would be lost.
  while (!/READY \d+/.test(output) || !output.includes("cache invalidations: subscribed")) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`instance did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  const port = Number(/READY (\d+)/.exec(output)![1]);
  return {
    port,
    output: () => output,
    async stop() {
      child.kill("SIGKILL");
      await exited;
    },
  };
}

beforeAll(async () => {
  redis = privateRedis(await freePort());
  await redis.start();
  broadcast = startCacheBroadcast({ url: redis.url })!;
  other = await startInstance(redis.url);
  for (let i = 0; !broadcast.stats().subscribed; i++) {
    if (i > 500) throw new Error("this process did not subscribe");
    await new Promise((r) => setTimeout(r, 10));
  }
}, 60_000);

afterAll(async () => {
  await other?.stop();
  await stopCacheBroadcast();
  await redis?.kill();
});

function get(path: string, key?: string): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: "127.0.0.1", port: other.port, path, agent: false, headers: key ? { authorization: `Bearer ${key}` } : {} }, (res) => {
      let text = "";
      res.on("data", (chunk: Buffer) => (text += chunk.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} }));
    });
    req.on("error", reject);
  });
}

/** Polls the other instance until `check` holds; returns how long that took after the change. */
async function seenWithin(limitMs: number, check: () => Promise<boolean>, what: string): Promise<number> {
  const started = performance.now();
  for (;;) {
    if (await check()) return performance.now() - started;
    if (performance.now() - started > limitMs) throw new Error(`the other instance did not see it within ${limitMs} ms: ${what}\n${other.output().slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const statusOn = async (slug: string) => ((await get(`/resolve?slug=${slug}`)).body.tenant as { status: string } | null)?.status ?? null;

async function moveTo(tenantId: string, to: "suspended" | "active") {
  await withTenant(tenantId, async (tx) => {
    const tenant = await lockTenantOrThrow(tx, tenantId);
    await transitionTenantStatus(tx, { tenant, to, reason: "test", cause: `test:${randomUUID()}`, source: "system", meta: TEST_META });
  });
}

describe("state shared between instances (REDIS_URL)", () => {
  it("a suspended workspace is refused by the other instance within a second, on the API and on its host; reactivated likewise", async () => {
    const t = await apiTenant({ planId: "pro" });
    expect((await get("/api/v1/entitlements", t.key.secret)).status).toBe(200);
    expect(await statusOn(t.tenant.slug)).toBe("active");

    await moveTo(t.tenant.id, "suspended");
    const ms = await seenWithin(1_000, async () => (await get("/api/v1/entitlements", t.key.secret)).status === 403 && (await statusOn(t.tenant.slug)) === "suspended", "suspension");
    expect(ms).toBeLessThan(1_000);

    await moveTo(t.tenant.id, "active");
    await seenWithin(1_000, async () => (await get("/api/v1/entitlements", t.key.secret)).status === 200 && (await statusOn(t.tenant.slug)) === "active", "reactivation");
  });

  it("a changed plan is seen by the other instance within a second", async () => {
    const t = await apiTenant({ planId: "starter" });
    expect((await get("/api/v1/entitlements", t.key.secret)).body.plan).toBe("starter");
    await withTenant(t.tenant.id, (tx) =>
      applySubscriptionSnapshot(tx, {
        tenantId: t.tenant.id,
        meta: TEST_META,
        snapshot: {
          provider: "local",
          customerId: `cus_${randomUUID()}`,
          subscriptionId: `sub_${randomUUID()}`,
          status: "active",
          planId: "enterprise",
          interval: "month",
          currentPeriodEnd: new Date(Date.now() + 30 * 86_400_000),
          cancelAtPeriodEnd: false,
          trialEnd: null,
          startedAt: new Date(),
          asOf: new Date(),
        },
      }),
    );
    await seenWithin(1_000, async () => (await get("/api/v1/entitlements", t.key.secret)).body.plan === "enterprise", "plan change");
  });

  it("a revoked key, and a key whose rotation grace another rotation ended, stop on the other instance within a second", async () => {
    const t = await apiTenant({ planId: "pro" });
    const actor = { tenantId: t.tenant.id, actorUserId: t.owner.id, meta: TEST_META };
    expect((await get("/api/v1/entitlements", t.key.secret)).status).toBe(200);
    await revokeApiKey({ ...actor, keyId: t.key.id });
    await seenWithin(1_000, async () => (await get("/api/v1/entitlements", t.key.secret)).status === 401, "revocation");

    const u = await apiTenant({ planId: "pro" });
    const owner = { tenantId: u.tenant.id, actorUserId: u.owner.id, meta: TEST_META };
    const second = await rotateApiKey({ ...owner, keyId: u.key.id });
    // Still in its grace period: it works, and the other instance has it cached so.
    expect((await get("/api/v1/entitlements", u.key.secret)).status).toBe(200);
    await rotateApiKey({ ...owner, keyId: second.id });
    await seenWithin(1_000, async () => (await get("/api/v1/entitlements", u.key.secret)).status === 401, "grace ended by the next rotation");
    expect((await get("/api/v1/entitlements", second.secret)).status).toBe(200);
  });

  it("a deleted workspace's keys and host stop on the other instance within a second", async () => {
    const t = await apiTenant({ planId: "pro" });
    expect((await get("/api/v1/entitlements", t.key.secret)).status).toBe(200);
    expect(await statusOn(t.tenant.slug)).toBe("active");
    await deleteTenant({ tenantId: t.tenant.id, actorUserId: t.owner.id, confirmSlug: t.tenant.slug, meta: TEST_META });
    await seenWithin(1_000, async () => (await get("/api/v1/entitlements", t.key.secret)).status === 401 && (await statusOn(t.tenant.slug)) === null, "deletion");
  });

  it("an ended session is refused by the other instance within a second", async () => {
    const user = await makeUser();
    const session = await createSessionRecord({ userId: user.id, host: "localhost", ip: "203.0.113.7", userAgent: "vitest" });
    const [row] = await getDb().select({ v: users.sessionVersion }).from(users).where(eq(users.id, user.id));
    const path = `/session?user=${user.id}&sid=${session.id}&v=${row!.v}`;
    expect((await get(path)).body.active).toBe(true);
    await revokeSession({ userId: user.id, sessionId: session.id });
    await seenWithin(1_000, async () => (await get(path)).body.active === false, "session revocation");
  });
});
