import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as entitlementRoute from "../app/api/v1/entitlements/[feature]/route";
import * as entitlementsRoute from "../app/api/v1/entitlements/route";
import * as openapiRoute from "../app/api/v1/openapi.json/route";
import * as tenantRoute from "../app/api/v1/tenant/route";
import * as usageRoute from "../app/api/v1/usage/route";
import * as noEndpoint from "../app/api/v1/[[...path]]/route";
import * as eventsRoute from "../app/api/v1/events/route";
import { invalidateApiKeyCache } from "../server/api-keys/authenticate-api-key";
import { hashApiKey } from "../server/api-keys/key-format";
import { createApiKey, revokeApiKey, rotateApiKey } from "../server/api-keys/manage-api-keys";
import { withTenant } from "../server/db/with-tenant";
import { apiKeys, auditEvents, tenants, usageEvents, usageOverage } from "../server/db/schema";
import { createCaller } from "../server/trpc/root";
import { invalidateUsageSnapshot } from "../server/usage/usage-snapshot";
import { reportPendingOverage } from "../server/usage/report-overage";
import { ALL_SCOPES, apiTenant, call } from "./api-helpers";
import { contextFor, TEST_META } from "./factories";

const h = {
  tenant: tenantRoute.GET as never,
  entitlements: entitlementsRoute.GET as never,
  entitlement: entitlementRoute.GET as never,
  postUsage: usageRoute.POST as never,
  getUsage: usageRoute.GET as never,
};

const event = (i: number, extra: Record<string, unknown> = {}) => ({ metric: "units", quantity: 1, idempotencyKey: `evt-${i}`, ...extra });

describe("API keys", () => {
  it("a key works, then stops at once when revoked; unknown, malformed and missing keys get 401", async () => {
    const t = await apiTenant();
    expect((await call(h.tenant, { key: t.key.secret })).status).toBe(200);
    await revokeApiKey({ tenantId: t.tenant.id, actorUserId: t.owner.id, meta: TEST_META, keyId: t.key.id });
    const revoked = await call(h.tenant, { key: t.key.secret });
    expect(revoked.status).toBe(401);
    expect(revoked.body?.error).toEqual({ code: "unauthorized", message: "This API key has been revoked." });
    expect((await call(h.tenant, { key: `atr_live_${"x".repeat(43)}` })).status).toBe(401);
    expect((await call(h.tenant, { key: "not-a-key" })).status).toBe(401);
    expect((await call(h.tenant, {})).body?.error?.message).toMatch(/Authorization: Bearer/);
  });

  it("stores only a hash, shows the secret once, and records create/revoke in the audit log", async () => {
    const t = await apiTenant();
    expect(t.key.secret).toMatch(/^atr_live_[A-Za-z0-9_-]{43}$/);
    const rows = await withTenant(t.tenant.id, (tx) => tx.select().from(apiKeys).where(eq(apiKeys.tenantId, t.tenant.id)));
    expect(rows[0]?.keyHash).toBe(hashApiKey(t.key.secret));
    expect(JSON.stringify(rows)).not.toContain(t.key.secret);
    const audit = await withTenant(t.tenant.id, (tx) => tx.select().from(auditEvents).where(and(eq(auditEvents.tenantId, t.tenant.id), eq(auditEvents.action, "api_key.created"))));
    expect(audit).toHaveLength(1);
  });

  it("an expired key gets 401", async () => {
    const t = await apiTenant();
    const key = await createApiKey({ tenantId: t.tenant.id, actorUserId: t.owner.id, meta: TEST_META, name: "short-lived", scopes: ALL_SCOPES, expiresInDays: 1 });
    await withTenant(t.tenant.id, (tx) => tx.update(apiKeys).set({ expiresAt: new Date(Date.now() - 1000) }).where(and(eq(apiKeys.tenantId, t.tenant.id), eq(apiKeys.id, key.id))));
    invalidateApiKeyCache(hashApiKey(key.secret));
    expect((await call(h.tenant, { key: key.secret })).body?.error?.message).toBe("This API key has expired.");

    // It cannot be rotated into a successor that would inherit the expiry (a secret that never works).
    await expect(rotateApiKey({ tenantId: t.tenant.id, actorUserId: t.owner.id, meta: TEST_META, keyId: key.id })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("has expired") as unknown });
    // Its name stays taken, and the refusal says why; revoking it frees the name.
    const again = { tenantId: t.tenant.id, actorUserId: t.owner.id, meta: TEST_META, name: "short-lived", scopes: ALL_SCOPES, expiresInDays: null };
    await expect(createApiKey(again)).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("An expired key still has this name") as unknown });
    await revokeApiKey({ tenantId: t.tenant.id, actorUserId: t.owner.id, meta: TEST_META, keyId: key.id });
    const renewed = await createApiKey(again);
    expect((await call(h.tenant, { key: renewed.secret })).status).toBe(200);
  });

  it("rotation: the new key works at once and the old one until the grace period ends", async () => {
    const t = await apiTenant();
    const rotated = await rotateApiKey({ tenantId: t.tenant.id, actorUserId: t.owner.id, meta: TEST_META, keyId: t.key.id });
    expect(rotated.oldKeyValidUntil.getTime()).toBeGreaterThan(Date.now() + 23 * 3_600_000);
    expect((await call(h.tenant, { key: rotated.secret })).status).toBe(200);
    expect((await call(h.tenant, { key: t.key.secret })).status).toBe(200);
    await withTenant(t.tenant.id, (tx) => tx.update(apiKeys).set({ expiresAt: new Date(Date.now() - 1) }).where(and(eq(apiKeys.tenantId, t.tenant.id), eq(apiKeys.id, t.key.id))));
    invalidateApiKeyCache(hashApiKey(t.key.secret));
    expect((await call(h.tenant, { key: t.key.secret })).status).toBe(401);
  });

  it("revoking a rotated key ends the key it replaced too, at once (both were warm in the cache)", async () => {
    const t = await apiTenant();
    const rotated = await rotateApiKey({ tenantId: t.tenant.id, actorUserId: t.owner.id, meta: TEST_META, keyId: t.key.id });
    expect((await call(h.tenant, { key: t.key.secret })).status).toBe(200);
    expect((await call(h.tenant, { key: rotated.secret })).status).toBe(200);
    await revokeApiKey({ tenantId: t.tenant.id, actorUserId: t.owner.id, meta: TEST_META, keyId: rotated.id });
    expect((await call(h.tenant, { key: rotated.secret })).status).toBe(401);
    expect((await call(h.tenant, { key: t.key.secret })).status).toBe(401);
  });

  it("the key count is limited by plan", async () => {
    const t = await apiTenant({ planId: "starter" });
    for (let i = 0; i < 2; i++) await createApiKey({ tenantId: t.tenant.id, actorUserId: t.owner.id, meta: TEST_META, name: `k${i}`, scopes: ALL_SCOPES, expiresInDays: null });
    await expect(createApiKey({ tenantId: t.tenant.id, actorUserId: t.owner.id, meta: TEST_META, name: "k-extra", scopes: ALL_SCOPES, expiresInDays: null })).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(/allows 3 API keys/),
    });
  });

  it("scopes: a read-only key cannot write usage (403) and a usage key cannot read the tenant", async () => {
    const reader = await apiTenant({ scopes: ["usage:read"] });
    const res = await call(h.postUsage, { key: reader.key.secret, body: event(1) });
    expect(res.status).toBe(403);
    expect(res.body?.error?.code).toBe("insufficient_scope");
    expect((await call(h.tenant, { key: reader.key.secret })).status).toBe(403);
    expect((await call(h.entitlements, { key: reader.key.secret })).status).toBe(200);
  });

  it("tenant A's key never reads or writes tenant B", async () => {
    const a = await apiTenant();
    const b = await apiTenant();
    await call(h.postUsage, { key: b.key.secret, body: { events: [event(1, { quantity: 500 })] } });
    expect((await call(h.tenant, { key: a.key.secret })).body?.slug).toBe(a.tenant.slug);
    const ent = await call(h.entitlements, { key: a.key.secret });
    expect((ent.body?.usage as Record<string, { used: number }>).units?.used).toBe(0);
    expect((await call(h.entitlement, { key: a.key.secret, params: { feature: "units" } })).body?.used).toBe(0);
    expect((await call(h.getUsage, { key: a.key.secret, path: "/usage?metric=units&granularity=day" })).body?.total).toBe(0);
    // Same idempotency key in A: a new event for A, not a duplicate of B's.
    expect((await call(h.postUsage, { key: a.key.secret, body: event(1) })).body?.accepted).toBe(1);
    const bEvents = await withTenant(b.tenant.id, (tx) => tx.select().from(usageEvents).where(eq(usageEvents.tenantId, b.tenant.id)));
    expect(bEvents.map((e) => e.quantity)).toEqual([500]);
  });
});

describe("POST /api/v1/usage", () => {
  it("the same batch sent 3 times, and 5 times concurrently, counts once", async () => {
    const t = await apiTenant({ planId: "pro" });
    const batch = { events: Array.from({ length: 50 }, (_, i) => event(i, { quantity: i + 1 })) };
    const first = await call(h.postUsage, { key: t.key.secret, body: batch });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ accepted: 50, duplicates: 0 });
    for (let i = 0; i < 2; i++) expect((await call(h.postUsage, { key: t.key.secret, body: batch })).body).toMatchObject({ accepted: 0, duplicates: 50 });
    const concurrent = await Promise.all(Array.from({ length: 5 }, () => call(h.postUsage, { key: t.key.secret, body: batch })));
    expect(concurrent.every((r) => r.body?.accepted === 0)).toBe(true);
    const series = await call(h.getUsage, { key: t.key.secret, path: "/usage?metric=units&granularity=hour" });
    expect(series.body?.total).toBe((50 * 51) / 2);
  });

  it("concurrent different batches all count", async () => {
    const t = await apiTenant({ planId: "pro" });
    const batches = Array.from({ length: 6 }, (_, b) => ({ events: Array.from({ length: 20 }, (_, i) => event(b * 100 + i, { quantity: 2 })) }));
    await Promise.all(batches.map((body) => call(h.postUsage, { key: t.key.secret, body })));
    expect((await call(h.getUsage, { key: t.key.secret, path: "/usage?metric=units" })).body?.total).toBe(240);
  });

  it("roll-ups equal a brute-force sum over the raw events", async () => {
    // Unlimited usage: events from before the current period are accepted (a limited metric refuses them).
    const t = await apiTenant({ planId: "custom" });
    const now = Date.now();
    const events = Array.from({ length: 300 }, (_, i) => event(i, { quantity: 1 + (i % 7), timestamp: new Date(now - ((i * 7919) % (20 * 86_400_000))).toISOString() }));
    for (let i = 0; i < events.length; i += 100) await call(h.postUsage, { key: t.key.secret, body: { events: events.slice(i, i + 100) } });
    for (const g of ["hour", "day"] as const) {
      const mismatches = await withTenant(t.tenant.id, (tx) =>
        tx.execute(sql`
          with brute as (select date_trunc(${g}, occurred_at, 'UTC') as b, sum(quantity)::bigint as q from usage_events where tenant_id = ${t.tenant.id} and metric = 'units' group by 1)
          select * from brute full join (select bucket_start as b, quantity as q from usage_rollups where tenant_id = ${t.tenant.id} and metric = 'units' and granularity = ${g}) r using (b)
          where brute.q is distinct from r.q`),
      );
      expect(mismatches, g).toEqual([]);
    }
  });

  it("batches mixing a counter and a gauge over many hours and days: each roll-up is the sum, or the peak, of its raw events", async () => {
    const t = await apiTenant({ planId: "custom" });
    const now = Date.now();
    // Interleaved metrics, timestamps spread over 20 days in no order, several events per hour and day.
    const events = Array.from({ length: 300 }, (_, i) =>
      event(i, { metric: i % 3 === 0 ? "storage_gb" : "units", quantity: 1 + ((i * 37) % 9), timestamp: new Date(now - ((i * 7919 * 60_000) % (20 * 86_400_000))).toISOString() }),
    );
    for (let i = 0; i < events.length; i += 150) expect((await call(h.postUsage, { key: t.key.secret, body: { events: events.slice(i, i + 150) } })).status).toBe(201);
    for (const [metric, agg] of [["units", sql`sum`], ["storage_gb", sql`max`]] as const) {
      for (const g of ["hour", "day"] as const) {
        const [counts] = await withTenant(t.tenant.id, (tx) => tx.execute<{ n: number }>(sql`select count(*)::int as n from usage_rollups where tenant_id = ${t.tenant.id} and metric = ${metric} and granularity = ${g}`));
        expect(counts!.n, `${metric} ${g} buckets`).toBeGreaterThan(g === "hour" ? 50 : 10);
        const mismatches = await withTenant(t.tenant.id, (tx) =>
          tx.execute(sql`
            with brute as (select date_trunc(${g}, occurred_at, 'UTC') as b, ${agg}(quantity)::bigint as q from usage_events where tenant_id = ${t.tenant.id} and metric = ${metric} group by 1)
            select * from brute full join (select bucket_start as b, quantity as q from usage_rollups where tenant_id = ${t.tenant.id} and metric = ${metric} and granularity = ${g}) r using (b)
            where brute.q is distinct from r.q`),
        );
        expect(mismatches, `${metric} ${g}`).toEqual([]);
      }
    }
  });

  it("a hard limit refuses the whole batch with quota_exceeded; a soft limit accepts and flags it", async () => {
    const starter = await apiTenant({ planId: "starter" });
    expect((await call(h.postUsage, { key: starter.key.secret, body: event(1, { quantity: 9_999 }) })).status).toBe(201);
    const over = await call(h.postUsage, { key: starter.key.secret, body: { events: [event(2), event(3)] } });
    expect(over.status).toBe(429);
    expect(over.body?.error?.code).toBe("quota_exceeded");
    expect(Number(over.headers.get("retry-after"))).toBeGreaterThan(0);
    const stored = await withTenant(starter.tenant.id, (tx) => tx.select().from(usageEvents).where(eq(usageEvents.tenantId, starter.tenant.id)));
    expect(stored).toHaveLength(1);

    const pro = await apiTenant({ planId: "pro" });
    const soft = await call(h.postUsage, { key: pro.key.secret, body: event(1, { quantity: 100_050 }) });
    expect(soft.status).toBe(201);
    expect((soft.body?.quota as Record<string, unknown>).units).toMatchObject({ state: "exceeded", hard: false, overage: 50, remaining: 0 });
    // Without Stripe, the local provider records the overage.
    expect(await reportPendingOverage()).toBeGreaterThanOrEqual(1);
    const overage = await withTenant(pro.tenant.id, (tx) => tx.select().from(usageOverage).where(eq(usageOverage.tenantId, pro.tenant.id)));
    expect(overage.map((o) => [o.quantity, o.provider, !!o.reportedAt])).toEqual([[50, "local", true]]);
  });

  it("storage is a gauge: the period's peak counts, and a hard limit refuses a level above it", async () => {
    const t = await apiTenant({ planId: "starter" });
    await call(h.postUsage, { key: t.key.secret, body: { events: [event(1, { metric: "storage_gb", quantity: 6 }), event(2, { metric: "storage_gb", quantity: 4 })] } });
    await call(h.postUsage, { key: t.key.secret, body: event(3, { metric: "storage_gb", quantity: 5 }) });
    const state = await call(h.entitlement, { key: t.key.secret, params: { feature: "storage_gb" } });
    expect(state.body).toMatchObject({ used: 6, limit: 10, hard: true, state: "ok" });
    const over = await call(h.postUsage, { key: t.key.secret, body: event(4, { metric: "storage_gb", quantity: 11 }) });
    expect([over.status, over.body?.error?.code]).toEqual([429, "quota_exceeded"]);
    const series = await call(h.getUsage, { key: t.key.secret, path: "/usage?metric=storage_gb&granularity=hour" });
    expect(series.body?.total).toBe(6);
  });

  it("80% and 100% alerts fire once per period (audit event + email)", async () => {
    const t = await apiTenant({ planId: "pro" });
    await call(h.postUsage, { key: t.key.secret, body: event(1, { quantity: 80_000 }) });
    await call(h.postUsage, { key: t.key.secret, body: event(2, { quantity: 10 }) });
    await call(h.postUsage, { key: t.key.secret, body: event(3, { quantity: 30_000 }) });
    await call(h.postUsage, { key: t.key.secret, body: event(4, { quantity: 5 }) });
    const alerts = await withTenant(t.tenant.id, (tx) => tx.select().from(auditEvents).where(and(eq(auditEvents.tenantId, t.tenant.id), eq(auditEvents.action, "usage.threshold_reached"))));
    expect(alerts.map((a) => a.metadata.threshold).sort()).toEqual([100, 80]);
  });

  it("a limited metric takes events of the current period only: earlier ones are refused whole, batch after batch (a hard limit cannot be walked around)", async () => {
    for (const planId of ["starter", "pro"] as const) {
      const t = await apiTenant({ planId });
      const ent = await call(h.entitlements, { key: t.key.secret });
      const start = new Date((ent.body?.period as { start: string }).start).getTime();
      const inPeriod = new Date(Math.max(start, Date.now() - 60_000)).toISOString();
      const early = new Date(start - 1000).toISOString();
      for (let round = 0; round < 3; round++) {
        const refused = await call(h.postUsage, { key: t.key.secret, body: { events: [event(10 + round, { quantity: 5, timestamp: inPeriod }), event(20 + round, { quantity: 9_000, timestamp: early })] } });
        expect(refused.status, planId).toBe(400);
        expect(refused.body?.error?.message, planId).toMatch(/^events\[1\]\.timestamp is before the current usage period|outside the accepted window/);
      }
      expect(await withTenant(t.tenant.id, (tx) => tx.select().from(usageEvents).where(eq(usageEvents.tenantId, t.tenant.id)))).toHaveLength(0);
      expect((await call(h.postUsage, { key: t.key.secret, body: { events: [event(1, { quantity: 5, timestamp: inPeriod })] } })).status).toBe(201);
      expect((await call(h.entitlement, { key: t.key.secret, params: { feature: "units" } })).body?.used).toBe(5);
      // A batch accepted before its period closed, sent again after: duplicates, not a refusal.
      await withTenant(t.tenant.id, (tx) => tx.insert(usageEvents).values({ tenantId: t.tenant.id, metric: "units", quantity: 3, occurredAt: new Date(early), idempotencyKey: "evt-900" }));
      const again = await call(h.postUsage, { key: t.key.secret, body: { events: [event(900, { quantity: 3, timestamp: early }), event(1, { quantity: 5, timestamp: inPeriod })] } });
      expect(again.status, planId).toBe(200);
      expect(again.body).toMatchObject({ accepted: 0, duplicates: 2 });
    }
  });

  it("an unlimited metric still takes late events (up to 35 days): stored, in the series, outside this period's total", async () => {
    const t = await apiTenant({ planId: "custom" });
    const ent = await call(h.entitlements, { key: t.key.secret });
    const start = new Date((ent.body?.period as { start: string }).start).getTime();
    const res = await call(h.postUsage, { key: t.key.secret, body: { events: [event(1, { quantity: 7, timestamp: new Date(start - 1000).toISOString() }), event(2, { quantity: 5, timestamp: new Date(Math.max(start, Date.now() - 60_000)).toISOString() })] } });
    expect(res.status).toBe(start - 1000 > Date.now() - 35 * 86_400_000 ? 201 : 400);
    if (res.status === 201) expect((await call(h.entitlement, { key: t.key.secret, params: { feature: "units" } })).body?.used).toBe(5);
  });

  it.each([
    ["wrong types", { metric: "units", quantity: "3", idempotencyKey: "a" }, 400, "quantity"],
    ["negative quantity", { metric: "units", quantity: -1, idempotencyKey: "a" }, 400, "quantity"],
    ["api_calls is not reportable", { metric: "api_calls", quantity: 1, idempotencyKey: "a" }, 400, "metric"],
    ["huge number", { metric: "units", quantity: 1e300, idempotencyKey: "a" }, 400, "quantity"],
    ["fraction", { metric: "units", quantity: 1.5, idempotencyKey: "a" }, 400, "quantity"],
    ["unknown metric", { metric: "ünïcødé 🚀", quantity: 1, idempotencyKey: "a" }, 400, "metric"],
    ["missing key", { metric: "units", quantity: 1 }, 400, "idempotencyKey"],
    ["bad timestamp", { metric: "units", quantity: 1, idempotencyKey: "a", timestamp: "yesterday" }, 400, "timestamp"],
    ["too old", { metric: "units", quantity: 1, idempotencyKey: "a", timestamp: "2001-01-01T00:00:00Z" }, 400, undefined],
    ["empty batch", { events: [] }, 400, "events"],
    ["batch too big", { events: Array.from({ length: 1001 }, (_, i) => ({ metric: "units", quantity: 1, idempotencyKey: `k${i}` })) }, 400, "events"],
    ["not an object", [1, 2, 3], 400, undefined],
  ])("%s -> %s", async (_name, body, status, field) => {
    const t = await apiTenant({ planId: "pro" });
    const res = await call(h.postUsage, { key: t.key.secret, body });
    expect(res.status).toBe(status);
    expect(res.body?.error?.code).toBe("invalid_request");
    if (field) expect(res.body?.error?.message).toContain(field);
  });

  it("unicode idempotency keys are fine; non-JSON, wrong media type and 2 MB bodies get 4xx", async () => {
    const t = await apiTenant({ planId: "pro" });
    expect((await call(h.postUsage, { key: t.key.secret, body: event(0, { idempotencyKey: "ключ-🔑-鍵" }) })).status).toBe(201);
    const notJson = await call(h.postUsage, { key: t.key.secret, rawBody: "{not json", headers: { "content-type": "application/json" } });
    expect([notJson.status, notJson.body?.error?.code]).toEqual([400, "invalid_json"]);
    const text = await call(h.postUsage, { key: t.key.secret, rawBody: "metric=units", headers: { "content-type": "text/plain" } });
    expect(text.status).toBe(415);
    const big = await call(h.postUsage, { key: t.key.secret, rawBody: JSON.stringify({ events: [], pad: "x".repeat(2 * 1024 * 1024) }), headers: { "content-type": "application/json" } });
    expect([big.status, big.body?.error?.code]).toEqual([413, "payload_too_large"]);
  });
});

describe("suspended workspaces", () => {
  it("the API answers 403 tenant_suspended and dashboard mutations are refused (Billing still works)", async () => {
    const t = await apiTenant({ planId: "pro" });
    await withTenant(t.tenant.id, (tx) => tx.update(tenants).set({ status: "suspended" }).where(eq(tenants.id, t.tenant.id)));
    invalidateUsageSnapshot(t.tenant.id);
    const res = await call(h.entitlements, { key: t.key.secret });
    expect([res.status, res.body?.error?.code]).toEqual([403, "tenant_suspended"]);
    const caller = createCaller(contextFor({ user: t.owner, tenant: { ...t.tenant, status: "suspended" } }));
    await expect(caller.apiKey.create({ name: "x", scopes: ["usage:read"], expiresInDays: null })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(caller.tenant.rename({ name: "Still mine" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await caller.billing.current()).tenant.status).toBe("suspended");
  });
});

describe("GET endpoints", () => {
  it("entitlements, one feature, one metric, unknown -> 404", async () => {
    const t = await apiTenant({ planId: "pro" });
    const all = await call(h.entitlements, { key: t.key.secret });
    expect(all.body).toMatchObject({ plan: "pro", status: "active", features: { customDomain: true, sso: false }, limits: { apiRequestsPerMinute: 600 } });
    expect((await call(h.entitlement, { key: t.key.secret, params: { feature: "customDomain" } })).body).toEqual({ feature: "customDomain", enabled: true });
    expect((await call(h.entitlement, { key: t.key.secret, params: { feature: "teleport" } })).status).toBe(404);
  });

  it("usage series validates its query", async () => {
    const t = await apiTenant();
    for (const path of ["/usage?metric=nope", "/usage?metric=units&granularity=week", "/usage?metric=units&from=2026-01-01T00:00:00Z&to=2025-01-01T00:00:00Z", "/usage?metric=units&granularity=hour&from=2020-01-01T00:00:00Z"]) {
      const res = await call(h.getUsage, { key: t.key.secret, path });
      expect(res.status, path).toBe(400);
      expect(res.body?.error?.field, path).toBeTruthy();
    }
    expect((await call(h.getUsage, { key: t.key.secret, path: "/usage?metric=api_calls&granularity=day" })).status).toBe(200);
  });

  it("serves an OpenAPI document generated from the zod schemas", async () => {
    const doc = (await (await openapiRoute.GET(new Request("http://localhost:3000/api/v1/openapi.json"))).json()) as { openapi: string; paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(["/tenant", "/entitlements", "/entitlements/{feature}", "/usage", "/events"]);
    expect(JSON.stringify(doc.components.schemas.UsageBatch)).toContain("idempotencyKey");
  });
});

describe("methods and addresses that are no endpoint", () => {
  it("a method an endpoint does not serve: 405 in the API's format, with Allow", async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [usageRoute, "PUT", "GET, POST, HEAD, OPTIONS"],
      [usageRoute, "DELETE", "GET, POST, HEAD, OPTIONS"],
      [tenantRoute, "POST", "GET, HEAD, OPTIONS"],
      [entitlementsRoute, "PATCH", "GET, HEAD, OPTIONS"],
      [entitlementRoute, "DELETE", "GET, HEAD, OPTIONS"],
      [eventsRoute, "POST", "GET, HEAD, OPTIONS"],
      [openapiRoute, "PUT", "GET, HEAD, OPTIONS"],
    ];
    for (const [route, method, allow] of cases) {
      const res = await call(route[method] as never, { method, key: "irrelevant" });
      expect(res.status, method).toBe(405);
      expect(res.headers.get("allow"), method).toBe(allow);
      expect(res.body?.error).toMatchObject({ code: "method_not_allowed", message: expect.stringMatching(new RegExp(`^${method} is not supported here; this endpoint accepts GET`)) });
    }
    // A served method is still served (no key: 401, not 405).
    expect((await call(usageRoute.POST as never, { body: {} })).status).toBe(401);
  });

  it("an address under /api/v1 that is no endpoint: 404 in the API's format, for every method", async () => {
    for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"] as const) {
      const res = await call(noEndpoint[method] as never, { method, path: "/entitlements/units/extra" });
      expect(res.status, method).toBe(404);
      expect(res.body?.error).toEqual({ code: "not_found", message: "No endpoint at /api/v1/entitlements/units/extra. The API reference lists them: /api/v1/openapi.json." });
    }
  });
});

describe("rate limits through the API", () => {
  it("sends RateLimit headers, then 429 with Retry-After past the plan's per-minute limit", async () => {
    const t = await apiTenant({ planId: "starter" });
    const first = await call(h.entitlements, { key: t.key.secret });
    expect(first.headers.get("ratelimit-policy")).toBe('"per-minute";q=60;w=60');
    expect(first.headers.get("ratelimit")).toMatch(/^"per-minute";r=59;t=\d+$/);
    const results = [];
    for (let i = 0; i < 60; i++) results.push(await call(h.entitlements, { key: t.key.secret }));
    const limited = results.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThanOrEqual(1);
    expect(limited[0]!.body?.error?.code).toBe("rate_limited");
    expect(Number(limited[0]!.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
  });
});
