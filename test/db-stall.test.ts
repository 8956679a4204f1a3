import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { afterAll, expect, it } from "vitest";
import { startDedicatedDatabase } from "./dedicated-postgres";

// A PostgreSQL server that stalls (frozen, not down: connections stay open, nothing answers and
// nothing fails) while API calls keep coming. Each must get an answer within the API deadline
// (a 503 saying to retry), calls past the in-flight bound are refused at once, and once the
// server runs again every call works and nothing was counted twice.
const db = await startDedicatedDatabase();
process.env.DATABASE_URL = db.appUrl;
process.env.API_ANSWER_DEADLINE_MS = "1500";
process.env.API_MAX_IN_FLIGHT = "4";
process.env.TRPC_ANSWER_DEADLINE_MS = "1500";

const usageRoute = await import("../app/api/v1/usage/route");
const { apiCallsInFlight, withApiKey } = await import("../server/api/with-api-key");
const { withTenant } = await import("../server/db/with-tenant");
const { closeDb } = await import("../server/db/client");
const { flushApiCalls, pendingApiCalls, stopApiCallCounter } = await import("../server/usage/api-call-counter");
const { stopRequestMinutes } = await import("../server/sla/request-minutes");
const { settleLastUsedWrites } = await import("../server/api-keys/authenticate-api-key");
const { apiTenant, call } = await import("./api-helpers");
const { sql } = await import("drizzle-orm");
const { handleTrpcRequest } = await import("../server/trpc/handler");
const { hadDatabaseTroubleRecently, STALL_MS } = await import("../server/health/database-trouble");
const { databaseWaitingForMs } = await import("../server/db/pool-usage");
const { proxy } = await import("../proxy");
const { NextRequest } = await import("next/server");

const admin = postgres(db.adminUrl, { max: 1, onnotice: () => {} });
const [directory] = await admin<{ setting: string }[]>`select setting from pg_settings where name = 'data_directory'`;
const postmaster = Number(readFileSync(path.join(directory!.setting, "postmaster.pid"), "utf8").split("\n")[0]);
await admin.end({ timeout: 5 });

/** The postmaster and every process it started (backends, writer, checkpointer…). */
function serverProcesses(): number[] {
  const children = readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
        return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === postmaster;
      } catch {
        return false;
      }
    })
    .map(Number);
  return [postmaster, ...children];
}

let frozen: number[] = [];
const thaw = () => {
  for (const pid of frozen) process.kill(pid, "SIGCONT");
  frozen = [];
};

afterAll(async () => {
  thaw();
  await settleLastUsedWrites();
  await stopApiCallCounter();
  await stopRequestMinutes();
  await closeDb();
  await db.remove();
});

const post = (key: string, idempotencyKey: string) => call(usageRoute.POST as never, { key, body: { metric: "units", quantity: 1, idempotencyKey } });

it("a stalled database: calls answer 503 within the deadline, the rest are refused at once, and all works again after", { timeout: 60_000 }, async () => {
  // API_MAX_IN_FLIGHT 4: at most 2 per workspace.
  const [a, b, c] = [await apiTenant({ planId: "pro" }), await apiTenant({ planId: "pro" }), await apiTenant({ planId: "pro" })];
  for (const t of [a, b, c]) expect((await post(t.key.secret, `before-${t.tenant.id}`)).status).toBe(201);

  frozen = serverProcesses();
  for (const pid of frozen) process.kill(pid, "SIGSTOP");
  try {
    const started = performance.now();
    const waiting = [post(a.key.secret, "a-0"), post(a.key.secret, "a-1")];
    await new Promise((resolve) => setTimeout(resolve, 150));
    // The workspace's share is taken: its next call is refused at once, as its own (a 429).
    const own = await post(a.key.secret, "a-2");
    expect(own.status).toBe(429);
    expect(own.body?.error).toMatchObject({ code: "too_many_concurrent", message: "This workspace already has 2 API calls in progress. Retry once some have finished." });
    // Another workspace still gets its share, so one cannot crowd out the others...
    waiting.push(post(b.key.secret, "b-0"), post(b.key.secret, "b-1"));
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(apiCallsInFlight()).toBe(4);
    // ...and once the instance's bound is reached, every call is refused at once.
    const refusedAt = performance.now();
    const refused = await post(c.key.secret, "c-0");
    expect(performance.now() - refusedAt).toBeLessThan(500);
    expect(refused.status).toBe(503);
    expect(refused.body?.error?.message).toMatch(/^Too many API calls are waiting on Atrium right now\. Retry in a few seconds/);
    const answers = await Promise.all(waiting);
    const waited = performance.now() - started;
    expect(answers.map((x) => x.status)).toEqual([503, 503, 503, 503]);
    expect(answers[0]!.headers.get("retry-after")).toBe("5");
    expect(answers[0]!.body?.error).toMatchObject({ code: "unavailable", message: expect.stringMatching(/^Atrium did not answer within 1\.5 s; the call may still complete\./) });
    expect(waited).toBeGreaterThanOrEqual(1400);
    expect(waited).toBeLessThan(4500);
  } finally {
    thaw();
  }

  // Running again: the late work finishes, and every call sent again is answered, each event once.
  await expect.poll(() => apiCallsInFlight(), { timeout: 20_000 }).toBe(0);
  for (const [t, keys] of [[a, ["a-0", "a-1", "a-2"]], [b, ["b-0", "b-1"]], [c, ["c-0"]]] as const) {
    for (const key of keys) expect([200, 201]).toContain((await post(t.key.secret, key)).status);
    const [row] = await withTenant(t.tenant.id, (tx) => tx.execute<{ n: string }>(sql`select count(*)::bigint as n from usage_events where tenant_id = ${t.tenant.id}`));
    expect(Number(row!.n)).toBe(keys.length + 1);
  }
});

it("a call past its deadline keeps its RateLimit headers, and is not charged to the API-call quota", { timeout: 30_000 }, async () => {
  const t = await apiTenant({ planId: "pro" });
  const slow = withApiKey("usage:read", async () => {
    await new Promise((resolve) => setTimeout(resolve, 2500));
    return new Response("{}", { status: 200, headers: { "content-type": "application/json" } });
  });
  // Calls charged so far: what the counter has written, and what it still holds.
  const charged = async () => {
    await flushApiCalls();
    const [row] = await withTenant(t.tenant.id, (tx) =>
      tx.execute<{ n: string }>(sql`select coalesce(sum(quantity), 0)::bigint as n from usage_rollups where tenant_id = ${t.tenant.id} and metric = 'api_calls' and granularity = 'hour'`),
    );
    return Number(row!.n) + pendingApiCalls(t.tenant.id);
  };
  const before = await charged();
  const res = await call(slow as never, { key: t.key.secret });
  expect(res.status).toBe(503);
  expect(res.headers.get("ratelimit-policy")).toMatch(/^"per-minute";q=\d+;w=60$/);
  expect(res.headers.get("ratelimit")).toMatch(/^"per-minute";r=\d+;t=\d+$/);
  // The late work ends with a 200, but its caller was told 503 and to retry: not charged (the
  // retry is). Neither is a 5xx the handler answers; a call answered in time is.
  await expect.poll(() => apiCallsInFlight(), { timeout: 5_000 }).toBe(0);
  expect(await charged()).toBe(before);
  const failing = withApiKey("usage:read", async () => new Response("{}", { status: 502 }));
  expect((await call(failing as never, { key: t.key.secret })).status).toBe(502);
  expect(await charged()).toBe(before);
  const quick = withApiKey("usage:read", async () => new Response("{}", { status: 200, headers: { "content-type": "application/json" } }));
  expect((await call(quick as never, { key: t.key.secret })).status).toBe(200);
  expect(await charged()).toBe(before + 1);
});

it("a stall is noticed: tRPC calls answer 503 at their deadline, and once nothing has finished for a few seconds, calls and workspace pages get a 503 at once", { timeout: 60_000 }, async () => {
  const t = await apiTenant({ planId: "pro" });
  const host = `${t.tenant.slug}.localhost:3000`;
  const page = () => proxy(new NextRequest(new URL("/dashboard", `http://${host}`), { headers: { host } }));
  // Any signed-in user: the membership check is what meets the stalled database.
  const user = { id: "00000000-0000-4000-8000-000000000001", email: "someone@example.test", name: "Someone" };
  const trpc = (method: "GET" | "POST") =>
    handleTrpcRequest(
      method === "GET"
        ? new Request(`http://${host}/api/trpc/member.list?batch=1&input=%7B%7D`, { headers: { host } })
        : new Request(`http://${host}/api/trpc/tenant.rename?batch=1`, { method: "POST", headers: { host, origin: `http://${host}`, "content-type": "application/json" }, body: '{"0":{"json":{"name":"Renamed"}}}' }),
      async () => user,
    );
  const timed = async <T>(work: () => Promise<T>) => {
    const started = performance.now();
    const result = await work();
    return { result, ms: performance.now() - started };
  };
  expect((await page()).status).toBe(200); // the proxy now has the host cached
  await expect.poll(() => databaseWaitingForMs(), { timeout: 10_000 }).toBe(0);

  frozen = serverProcesses();
  for (const pid of frozen) process.kill(pid, "SIGSTOP");
  const frozenAt = performance.now();
  try {
    // Before anything has noticed: each call waits, and is answered at its deadline.
    const [read, write] = await Promise.all([timed(() => trpc("GET")), timed(() => trpc("POST"))]);
    for (const { result, ms } of [read, write]) {
      expect([result.status, result.headers.get("retry-after")]).toEqual([503, "5"]);
      expect(ms).toBeGreaterThanOrEqual(1400);
      expect(ms).toBeLessThan(3000);
    }
    expect(await read.result.json()).toEqual({ error: { message: "Atrium did not answer within 1.5 s. Try again in a few seconds." } });
    expect(await write.result.json()).toEqual({ error: { message: "Atrium did not answer within 1.5 s. The change may still be saved: reload the page to check before trying again." } });
    expect(hadDatabaseTroubleRecently()).toBe(false);

    // Nothing has finished for STALL_MS: noticed, without any request failing first.
    await expect.poll(() => hadDatabaseTroubleRecently(), { timeout: STALL_MS + 3000, interval: 100 }).toBe(true);
    expect(performance.now() - frozenAt).toBeGreaterThanOrEqual(STALL_MS - 50);
    const [late, api, workspacePage] = await Promise.all([timed(() => trpc("GET")), timed(() => post(t.key.secret, "during-stall")), timed(page)]);
    expect([late.result.status, api.result.status, workspacePage.result.status]).toEqual([503, 503, 503]);
    // The probe's two seconds at most, not the 1.5 s deadline plus a wait in the pool's queue.
    for (const { ms } of [late, api, workspacePage]) expect(ms).toBeLessThan(2600);
    expect(await late.result.json()).toEqual({ error: { message: "Atrium is temporarily unavailable. Please retry in a few seconds." } });
    expect(api.result.body?.error).toMatchObject({ code: "unavailable", message: "Atrium is temporarily unavailable. Please retry in a few seconds." });
    expect(workspacePage.result.headers.get("retry-after")).toBe("5");
  } finally {
    thaw();
  }

  // Running again: the probe answers, pages render and the stalled work drains.
  await expect.poll(async () => (await page()).status, { timeout: 10_000, interval: 250 }).toBe(200);
  await expect.poll(() => databaseWaitingForMs(), { timeout: 10_000 }).toBe(0);
  expect(hadDatabaseTroubleRecently()).toBe(false);
  expect((await post(t.key.secret, "during-stall")).status).toBe(201);
});
