import { eq } from "drizzle-orm";
import http from "node:http";
import type { AddressInfo } from "node:net";
import postgres from "postgres";
import { afterAll, expect, it } from "vitest";
import { startDedicatedDatabase } from "./dedicated-postgres";

// A load of usage POSTs over real HTTP while this file's own PostgreSQL server is stopped (fast,
// then immediate shutdown) and started again. Every acknowledged event must be stored, every
// refusal must be a 503 with Retry-After, and nothing may hang or escape as an uncaught error.
const db = await startDedicatedDatabase();
process.env.DATABASE_URL = db.appUrl;

const usageRoute = await import("../app/api/v1/usage/route");
const { withTenant } = await import("../server/db/with-tenant");
const { tenants } = await import("../server/db/schema");
const { invalidateUsageSnapshot } = await import("../server/usage/usage-snapshot");
const { closeDb } = await import("../server/db/client");
const { stopApiCallCounter } = await import("../server/usage/api-call-counter");
const { settleLastUsedWrites } = await import("../server/api-keys/authenticate-api-key");
const { apiTenant } = await import("./api-helpers");

const CLIENTS = 6;
const EVENTS_PER_REQUEST = 3;
const REQUEST_TIMEOUT_MS = 15_000;

const uncaught: unknown[] = [];
const onUncaught = (error: unknown) => uncaught.push(error);
process.on("uncaughtException", onUncaught);
process.on("unhandledRejection", onUncaught);

// The route handler behind a real HTTP server, as `next start` would run it.
const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
    const request = new Request(`http://localhost:3000${req.url}`, { method: req.method, headers, body: Buffer.concat(chunks) });
    void (usageRoute.POST as unknown as (r: Request, route: { params: Promise<object> }) => Promise<Response>)(request, { params: Promise.resolve({}) })
      .then(async (response) => {
        res.writeHead(response.status, Object.fromEntries(response.headers));
        res.end(await response.text());
      })
      .catch((error: unknown) => {
        uncaught.push(error);
        res.writeHead(599).end();
      });
  });
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

afterAll(async () => {
  process.off("uncaughtException", onUncaught);
  process.off("unhandledRejection", onUncaught);
  await new Promise((resolve) => server.close(resolve));
  await settleLastUsedWrites();
  await stopApiCallCounter();
  await closeDb();
  await db.remove();
});

type Outcome = { status: number; retryAfter: string | null; errorCode?: string; keys: string[]; startedAt: number; ms: number };

async function client(id: number, secret: string, outcomes: Outcome[], running: () => boolean) {
  for (let n = 0; running(); n++) {
    const keys = Array.from({ length: EVENTS_PER_REQUEST }, (_, i) => `c${id}-${n}-${i}`);
    const startedAt = performance.now();
    let outcome: Outcome;
    try {
      const res = await fetch(`${baseUrl}/api/v1/usage`, {
        method: "POST",
        headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
        body: JSON.stringify({ events: keys.map((k) => ({ metric: "units", quantity: 1, idempotencyKey: k })) }),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      const body = (await res.json().catch(() => null)) as { error?: { code: string } } | null;
      outcome = { status: res.status, retryAfter: res.headers.get("retry-after"), errorCode: body?.error?.code, keys, startedAt, ms: performance.now() - startedAt };
    } catch {
      outcome = { status: 0, retryAfter: null, keys, startedAt, ms: performance.now() - startedAt };
    }
    outcomes.push(outcome);
    // A client that was refused waits a little, as Retry-After asks (shortened for the test).
    if (outcome.status >= 500) await new Promise((r) => setTimeout(r, 100));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

it("keeps every acknowledged usage event across fast and immediate restarts, answers 503 + Retry-After meanwhile and never hangs", async () => {
  const t = await apiTenant({ planId: "enterprise" });
  // No rate limit or quota in the way: this test is about the database.
  await withTenant(t.tenant.id, (tx) =>
    tx.update(tenants).set({ planOverrides: { limits: { apiRequestsPerMinute: "unlimited", usageUnitsPerMonth: "unlimited" } } }).where(eq(tenants.id, t.tenant.id)),
  );
  invalidateUsageSnapshot(t.tenant.id);

  const outcomes: Outcome[] = [];
  let running = true;
  const clients = Array.from({ length: CLIENTS }, (_, id) => client(id, t.key.secret, outcomes, () => running));

  const timeline: Record<string, number> = {};
  await sleep(2_500);
  for (const mode of ["fast", "immediate"] as const) {
    timeline[`${mode} stop`] = performance.now();
    await db.server.stop(mode);
    await sleep(2_000);
    await db.server.start();
    timeline[`${mode} started`] = performance.now();
    await sleep(2_500);
  }
  running = false;
  await Promise.all(clients);

  const ok = outcomes.filter((o) => o.status >= 200 && o.status < 300);
  const refused = outcomes.filter((o) => o.status < 200 || o.status >= 300);
  const maxMs = Math.max(...outcomes.map((o) => o.ms));
  const statuses = outcomes.reduce<Record<number, number>>((acc, o) => ({ ...acc, [o.status]: (acc[o.status] ?? 0) + 1 }), {});
  console.info(`db-restart: ${outcomes.length} requests, statuses ${JSON.stringify(statuses)}, max latency ${Math.round(maxMs)} ms`);

  // Nothing hung, nothing escaped.
  expect(maxMs).toBeLessThan(6_000);
  expect(uncaught).toEqual([]);
  // Both outages were seen, and refused properly: 503 unavailable with Retry-After, never a 500.
  expect(refused.length).toBeGreaterThan(0);
  for (const o of refused) expect({ status: o.status, retryAfter: o.retryAfter, code: o.errorCode }).toEqual({ status: 503, retryAfter: "5", code: "unavailable" });
  for (const mode of ["fast", "immediate"]) {
    expect(refused.some((o) => o.startedAt >= timeline[`${mode} stop`]! && o.startedAt < timeline[`${mode} started`]!), mode).toBe(true);
  }
  // Service came back after each restart without restarting the app.
  for (const mode of ["fast", "immediate"]) {
    expect(ok.some((o) => o.startedAt > timeline[`${mode} started`]! + 1_000), mode).toBe(true);
  }
  const tail = outcomes.filter((o) => o.startedAt > timeline["immediate started"]! + 1_500);
  expect(tail.length).toBeGreaterThan(0);
  expect(tail.every((o) => o.status === 201)).toBe(true);

  // Every acknowledged event is stored, once.
  const admin = postgres(db.adminUrl, { max: 1, onnotice: () => {} });
  try {
    const rows = await admin<{ idempotency_key: string; n: number }[]>`
      select idempotency_key, count(*)::int as n from usage_events where tenant_id = ${t.tenant.id} group by idempotency_key`;
    const stored = new Map(rows.map((r) => [r.idempotency_key, r.n]));
    const acknowledged = ok.flatMap((o) => o.keys);
    expect(acknowledged.filter((k) => stored.get(k) !== 1)).toEqual([]);
    // Refused batches may have been committed just before the connection dropped, never partially.
    for (const o of refused) expect(new Set(o.keys.map((k) => stored.has(k))).size).toBe(1);
  } finally {
    await admin.end({ timeout: 5 });
  }
}, 60_000);
