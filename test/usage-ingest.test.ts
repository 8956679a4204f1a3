import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as entitlementRoute from "../app/api/v1/entitlements/[feature]/route";
import * as entitlementsRoute from "../app/api/v1/entitlements/route";
import * as usageRoute from "../app/api/v1/usage/route";
import { withTenant } from "../server/db/with-tenant";
import { ingestUsage } from "../server/usage/ingest-usage";
import { usageEvents } from "../server/db/schema";
import { apiTenant, call } from "./api-helpers";

const h = { entitlements: entitlementsRoute.GET as never, entitlement: entitlementRoute.GET as never, postUsage: usageRoute.POST as never };
const units = (key: string, quantity = 1, extra: Record<string, unknown> = {}) => ({ metric: "units", quantity, idempotencyKey: key, ...extra });

async function storedUnits(tenantId: string) {
  const [row] = await withTenant(tenantId, (tx) => tx.execute<{ n: string; total: string }>(sql`select count(*) as n, coalesce(sum(quantity), 0) as total from usage_events where tenant_id = ${tenantId} and metric = 'units'`));
  return { events: Number(row!.n), total: Number(row!.total) };
}

/** A transaction that has written one event with `key` and keeps it uncommitted until released. */
function holdKey(tenantId: string, key: string) {
  let release!: () => void;
  let markHeld!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const held = new Promise<void>((resolve) => (markHeld = resolve));
  const done = withTenant(tenantId, async (tx) => {
    await tx.insert(usageEvents).values({ tenantId, metric: "units", quantity: 1, occurredAt: new Date(), idempotencyKey: key });
    markHeld();
    await released;
  });
  return { held, release, done };
}

describe("usage ingestion (one multi-row statement per batch)", () => {
  it("idempotency keys that look like array or SQL syntax are stored exactly as sent", async () => {
    const t = await apiTenant({ planId: "pro" });
    const keys = ["NULL", "null", "a,b", "{x}", '"quoted"', "back\\slash", " spaced ", "'; drop table usage_events; --", "ключ"];
    const res = await call(h.postUsage, { key: t.key.secret, body: { events: keys.map((k) => units(k)) } });
    expect(res.body).toMatchObject({ accepted: keys.length, duplicates: 0 });
    const stored = await withTenant(t.tenant.id, (tx) => tx.select({ key: usageEvents.idempotencyKey }).from(usageEvents).where(eq(usageEvents.tenantId, t.tenant.id)));
    expect(stored.map((r) => r.key).sort()).toEqual([...keys].sort());
    // Sent again: every one is recognised as a duplicate.
    expect((await call(h.postUsage, { key: t.key.secret, body: { events: keys.map((k) => units(k)) } })).body).toMatchObject({ accepted: 0, duplicates: keys.length });
  });

  it("a body that is not UTF-8 is refused, never read with its bytes replaced (two keys would become one)", async () => {
    const t = await apiTenant({ planId: "pro" });
    // "café" and "cafè" in Latin-1: read as UTF-8 with replacement, both became "caf\uFFFD".
    const latin1 = (key: string) => Uint8Array.from(Buffer.from(JSON.stringify(units(key)), "latin1"));
    for (const type of ["application/json", "application/json; charset=utf-8"]) {
      const res = await call(h.postUsage, { key: t.key.secret, rawBody: latin1("order-café-77"), headers: { "content-type": type } });
      expect(res.status, type).toBe(400);
      expect(res.body?.error).toMatchObject({ code: "invalid_encoding", message: "The body is not valid UTF-8 text." });
    }
    for (const type of ["application/json; charset=iso-8859-1", "application/json;charset=\"latin1\"", "application/json; charset=utf-16"]) {
      const res = await call(h.postUsage, { key: t.key.secret, rawBody: latin1("order-cafè-77"), headers: { "content-type": type } });
      expect(res.status, type).toBe(415);
      expect(res.body?.error?.message).toMatch(/^The body must be UTF-8 JSON; charset=.+ is not supported\.$/);
    }
    // Compressed bodies are not read as if they were plain.
    for (const encoding of ["gzip", "br", "bogus"]) {
      const res = await call(h.postUsage, { key: t.key.secret, body: units(`enc-${encoding}`), headers: { "content-encoding": encoding } });
      expect(res.status, encoding).toBe(415);
      expect(res.body?.error?.message).toBe(`Content-Encoding ${encoding} is not supported: send the body uncompressed.`);
    }
    expect(await storedUnits(t.tenant.id)).toEqual({ events: 0, total: 0 });
    // UTF-8 as sent, declared in any of the usual spellings, is read exactly.
    for (const [i, type] of ["application/json; charset=UTF-8", "application/json;charset=\"utf-8\"", "application/json; charset=utf8"].entries()) {
      const res = await call(h.postUsage, { key: t.key.secret, rawBody: JSON.stringify(units(`order-café-${i}`)), headers: { "content-type": type, "content-encoding": "identity" } });
      expect(res.status, type).toBe(201);
    }
    const keys = await withTenant(t.tenant.id, (tx) => tx.select({ key: usageEvents.idempotencyKey }).from(usageEvents).where(eq(usageEvents.tenantId, t.tenant.id)));
    expect(keys.map((k) => k.key).sort()).toEqual(["order-café-0", "order-café-1", "order-café-2"]);
  });

  it("events without a timestamp happened now; given ones are kept", async () => {
    // Unlimited: three hours ago is before this new workspace's period (a limited metric refuses it).
    const t = await apiTenant({ planId: "custom" });
    const earlier = new Date(Date.now() - 3 * 3_600_000);
    const before = Date.now();
    await call(h.postUsage, { key: t.key.secret, body: { events: [units("now"), units("earlier", 1, { timestamp: earlier.toISOString() })] } });
    const rows = await withTenant(t.tenant.id, (tx) => tx.select({ key: usageEvents.idempotencyKey, at: usageEvents.occurredAt }).from(usageEvents).where(eq(usageEvents.tenantId, t.tenant.id)));
    const at = Object.fromEntries(rows.map((r) => [r.key, new Date(r.at).getTime()]));
    expect(at.earlier).toBe(earlier.getTime());
    expect(at.now).toBeGreaterThanOrEqual(before - 1000);
    expect(at.now).toBeLessThanOrEqual(Date.now() + 1000);
  });

  it("overlapping batches sent concurrently: every event counted once, and the answers add up", async () => {
    const t = await apiTenant({ planId: "pro" });
    // Batch b holds keys b*50 .. b*50+149: each key is in up to three batches at once.
    const batches = Array.from({ length: 8 }, (_, b) => ({ events: Array.from({ length: 150 }, (_, i) => units(`k${b * 50 + i}`, 2)) }));
    const answers = await Promise.all([...batches, ...batches].map((body) => call(h.postUsage, { key: t.key.secret, body })));
    expect(answers.every((a) => a.status === 201 || a.status === 200)).toBe(true);
    const unique = 7 * 50 + 150;
    expect(answers.reduce((sum, a) => sum + (a.body?.accepted as number), 0)).toBe(unique);
    expect(await storedUnits(t.tenant.id)).toEqual({ events: unique, total: unique * 2 });
    const rollups = await withTenant(t.tenant.id, (tx) =>
      tx.execute<{ granularity: string; q: string }>(sql`select granularity, sum(quantity)::bigint as q from usage_rollups where tenant_id = ${t.tenant.id} and metric = 'units' group by granularity order by granularity`),
    );
    expect(rollups.map((r) => [r.granularity, Number(r.q)])).toEqual([
      ["day", unique * 2],
      ["hour", unique * 2],
    ]);
  });

  it("a hard limit under concurrent batches: exactly the limit is stored, the rest refused whole", async () => {
    // Starter: 10,000 units a period, no overage.
    const t = await apiTenant({ planId: "starter" });
    const answers = await Promise.all(
      Array.from({ length: 14 }, (_, b) => call(h.postUsage, { key: t.key.secret, body: { events: Array.from({ length: 1000 }, (_, i) => units(`b${b}-${i}`)) } })),
    );
    expect(answers.filter((a) => a.status === 201)).toHaveLength(10);
    expect(answers.filter((a) => a.status === 429 && a.body?.error?.code === "quota_exceeded")).toHaveLength(4);
    expect(await storedUnits(t.tenant.id)).toEqual({ events: 10_000, total: 10_000 });
  });

  it("a billed limit under concurrent batches: the overage stored is exactly what went past the limit", async () => {
    // Pro: 100,000 units a period, the rest billed as overage. Eight batches of 20,000 at once:
    // each must see the others, or every one of them thinks it is still under the limit.
    const t = await apiTenant({ planId: "pro" });
    const answers = await Promise.all(Array.from({ length: 8 }, (_, b) => call(h.postUsage, { key: t.key.secret, body: units(`big-${b}`, 20_000) })));
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(201));
    const [billed] = await withTenant(t.tenant.id, (tx) => tx.execute<{ q: string }>(sql`select coalesce(sum(quantity), 0)::bigint as q from usage_overage where tenant_id = ${t.tenant.id} and metric = 'units'`));
    expect(Number(billed!.q)).toBe(60_000);
    // Each answer tells the usage after its own batch: 20,000 apart, up to the whole.
    const used = answers.map((a) => (a.body?.quota as Record<string, { used: number; overage: number }>).units!).sort((x, y) => x.used - y.used);
    expect(used.map((u) => u.used)).toEqual(Array.from({ length: 8 }, (_, i) => (i + 1) * 20_000));
    expect(used.reduce((sum, u) => sum + u.overage, 0)).toBe(60_000);
  });

  it("batches naming two hard-limited metrics in opposite orders do not deadlock", async () => {
    const t = await apiTenant({ planId: "starter" });
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, b) => {
        const pair = [units(`u${b}`), { metric: "storage_gb", quantity: 1, idempotencyKey: `s${b}` }];
        return call(h.postUsage, { key: t.key.secret, body: { events: b % 2 ? pair : pair.reverse() } });
      }),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(201));
  });

  it("many small concurrent batches on the same roll-up rows never deadlock", async () => {
    const t = await apiTenant({ planId: "enterprise" });
    const failures: unknown[] = [];
    await Promise.all(
      Array.from({ length: 6 }, async (_, client) => {
        for (let n = 0; n < 40; n++) {
          const events = Array.from({ length: 3 }, (_, i) => ({ metric: "units" as const, quantity: 1, idempotencyKey: `c${client}-${n}-${i}` }));
          await ingestUsage({ tenantId: t.tenant.id, events }).catch((error: unknown) => failures.push(error));
        }
      }),
    );
    expect(failures).toEqual([]);
    expect(await storedUnits(t.tenant.id)).toEqual({ events: 720, total: 720 });
  });

  it("batches sharing keys in opposite orders, concurrently: all answered, each event once", async () => {
    const t = await apiTenant({ planId: "pro" });
    const keys = Array.from({ length: 300 }, (_, i) => `shared-${i}`);
    for (let round = 0; round < 4; round++) {
      const mine = keys.map((k) => units(`${round}-${k}`));
      const answers = await Promise.all([mine, [...mine].reverse(), mine, [...mine].reverse()].map((events) => call(h.postUsage, { key: t.key.secret, body: { events } })));
      expect(answers.map((a) => a.status).filter((s) => s !== 200 && s !== 201)).toEqual([]);
      expect(answers.reduce((sum, a) => sum + (a.body?.accepted as number), 0)).toBe(300);
    }
    expect(await storedUnits(t.tenant.id)).toEqual({ events: 1200, total: 1200 });
  });

  it("keys held by other uncommitted batches: it waits for each, then counts them as duplicates, once", async () => {
    // Five other transactions each hold one key of the batch, uncommitted, and commit one after
    // another: the batch waits on each in key order and skips it (ON CONFLICT DO NOTHING).
    const t = await apiTenant({ planId: "pro" });
    const holders = ["r1", "r2", "r3", "r4", "r5"].map((key) => holdKey(t.tenant.id, key));
    await Promise.all(holders.map((h) => h.held));
    const batch = ingestUsage({ tenantId: t.tenant.id, events: ["r1", "r2", "r3", "r4", "r5", "r6"].map((k) => units(k) as never) });
    for (const holder of holders) {
      await new Promise((r) => setTimeout(r, 150));
      holder.release();
      await holder.done;
    }
    expect(await batch).toMatchObject({ accepted: 1, duplicates: 5 });
    expect(await storedUnits(t.tenant.id)).toEqual({ events: 6, total: 6 });
    const [hourly] = await withTenant(t.tenant.id, (tx) =>
      tx.execute<{ q: string }>(sql`select coalesce(sum(quantity), 0)::bigint as q from usage_rollups where tenant_id = ${t.tenant.id} and metric = 'units' and granularity = 'hour'`),
    );
    // The holders wrote events only; the roll-ups count the one event the batch added, once.
    expect(Number(hourly!.q)).toBe(1);
  });

  it("a key sent twice in one batch counts once", async () => {
    const t = await apiTenant({ planId: "pro" });
    const res = await call(h.postUsage, { key: t.key.secret, body: { events: [units("twice", 2), units("once"), units("twice", 2)] } });
    expect(res.body).toMatchObject({ accepted: 2, duplicates: 1 });
    expect(await storedUnits(t.tenant.id)).toEqual({ events: 2, total: 3 });
  });

  it("reads right after concurrent writes show every committed batch (the cached snapshot is dropped)", async () => {
    const t = await apiTenant({ planId: "pro" });
    // Warm the snapshot, then write while it is cached.
    expect((await call(h.entitlement, { key: t.key.secret, params: { feature: "units" } })).body).toMatchObject({ used: 0 });
    await Promise.all(Array.from({ length: 6 }, (_, b) => call(h.postUsage, { key: t.key.secret, body: { events: Array.from({ length: 10 }, (_, i) => units(`${b}-${i}`, 3)) } })));
    const { total } = await storedUnits(t.tenant.id);
    expect(total).toBe(180);
    const all = await call(h.entitlements, { key: t.key.secret });
    expect((all.body?.usage as Record<string, unknown>).units).toEqual({ used: 180, limit: 100_000, remaining: 99_820, hard: false, state: "ok" });
  });
});
