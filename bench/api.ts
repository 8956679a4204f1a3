// `npm run bench` (part 2): the public API against `next start` on a fresh embedded database.
//  - GET /api/v1/entitlements (API key lookup and usage snapshot from bounded caches, per-tenant
//    and per-key GCRA checks in one batched PostgreSQL statement, API-call counting in memory) vs
//    a bare route handler returning fixed JSON (the baseline), two rounds each, alternating;
//  - POST /api/v1/usage with batches of 1,000 events, two rounds: events/s, then the stored total
//    is checked against what was sent (every batch sent again must change nothing).
import http from "node:http";
import type autocannon from "autocannon";
import { cpuSecondsUnder, measure, printTable, reportTargets, startServer, type Result, runBench } from "./lib";

const PORT = 3201;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const BATCH = 1000;

async function main() {
  const server = await startServer(PORT, 54350);
  try {
    process.env.DATABASE_URL = server.appUrl;
    const { findTenantBySlug } = await import("../server/db/cross-tenant");
    const { createApiKey } = await import("../server/api-keys/manage-api-keys");
    const { setPlanOverrides } = await import("../server/billing/plan-overrides");
    const { closeDb } = await import("../server/db/client");
    const { withTenant } = await import("../server/db/with-tenant");
    const { sql } = await import("drizzle-orm");

    const acme = (await findTenantBySlug("acme"))!;
    // Limits high enough that the benchmark measures the work, not refusals (the limiter still runs).
    await setPlanOverrides({
      tenantId: acme.id,
      overrides: { limits: { apiRequestsPerMinute: 100_000_000, apiCallsPerMonth: "unlimited", usageUnitsPerMonth: "unlimited" } },
      actorUserId: null,
      meta: { ip: null, userAgent: "bench" },
    });
    const key = await createApiKey({ tenantId: acme.id, actorUserId: null, meta: { ip: null, userAgent: "bench" }, name: "bench", scopes: ["usage:read", "usage:write", "tenant:read"], expiresInDays: null });
    const auth = { authorization: `Bearer ${key.secret}` };
    const host = `acme.localhost:${PORT}`;
    const base = `http://127.0.0.1:${PORT}`;

    await measure("warm-up", `${base}/api/health/live`, host, 2);
    await measure("warm-up", `${base}/api/v1/entitlements`, host, 2, { headers: auth });
    const rows: Result[] = [];
    for (let round = 1; round <= 2; round++) {
      rows.push(await measure(`baseline  GET /api/health/live (round ${round})`, `${base}/api/health/live`, host, SECONDS));
      rows.push(await measure(`api       GET /api/v1/entitlements (round ${round})`, `${base}/api/v1/entitlements`, host, SECONDS, { headers: auth }));
    }

    // Ingestion: every request carries 1,000 new events (unique idempotency keys), quantity 1.
    let sequence = 0;
    const batchBody = (n: number) => {
      const start = n * BATCH;
      return `{"events":[${Array.from({ length: BATCH }, (_, i) => `{"metric":"units","quantity":1,"idempotencyKey":"b${start + i}"}`).join(",")}]}`;
    };
    const ingests = [];
    const cpuBefore = cpuSecondsUnder(server.child.pid!);
    for (let round = 1; round <= 2; round++) {
      const ingest = await measure(`ingest    POST /api/v1/usage x1000 (round ${round})`, `${base}/api/v1/usage`, host, SECONDS, {
        connections: 4,
        method: "POST",
        headers: { ...auth, "content-type": "application/json" },
        requests: [
          {
            setupRequest: (req: autocannon.Request) => ({ ...req, body: batchBody(sequence++) }),
          },
        ],
      });
      ingests.push(ingest);
      rows.push(ingest);
    }
    const cpuAfter = cpuSecondsUnder(server.child.pid!);
    printTable(rows);

    const picked = (prefix: string) => rows.filter((r) => r.label.startsWith(prefix));
    const avg = (prefix: string, of: (r: Result) => number = (r) => r.rps) => picked(prefix).reduce((s, r) => s + of(r), 0) / picked(prefix).length;
    const baseline = avg("baseline");
    const api = avg("api");
    const p99 = (prefix: string) => `${avg(prefix, (r) => r.p99).toFixed(1)} ms`;
    const storedTotal = async () =>
      Number((await withTenant(acme.id, (tx) => tx.execute<{ n: string }>(sql`select coalesce(sum(quantity), 0)::bigint as n from usage_events where metric = 'units'`)))[0]!.n);
    const acked = ingests.reduce((sum, r) => sum + r.completed, 0) * BATCH;
    const ingestSeconds = SECONDS * ingests.length;
    const storedAfterRun = await storedTotal();
    // Requests cut off when the run stopped may or may not have committed. Send every batch that
    // was started once more: idempotency must make the total exactly what was generated.
    const generated = sequence;
    for (let n = 0; n < generated; n += 4) {
      await Promise.all(Array.from({ length: Math.min(4, generated - n) }, (_, i) => post(PORT, host, auth.authorization, batchBody(n + i))));
    }
    const storedAfterResend = await storedTotal();
    console.log("");
    console.log(`entitlements ${api.toFixed(0)} req/s vs baseline ${baseline.toFixed(0)} req/s: ratio ${(api / baseline).toFixed(3)}`);
    console.log(`ingestion ${(acked / ingestSeconds).toFixed(0)} events/s acknowledged`);
    // Where a batch's time went (both rounds): on 2 cores, their sum per batch bounds the rate.
    const cpuPerBatch =
      cpuBefore && cpuAfter
        ? `CPU per batch: Next.js server ${((1000 * (cpuAfter.app - cpuBefore.app)) / (acked / BATCH)).toFixed(1)} ms, PostgreSQL ${((1000 * (cpuAfter.postgres - cpuBefore.postgres)) / (acked / BATCH)).toFixed(1)} ms`
        : "CPU per batch: not measured (no /proc)";
    console.log(`  ${cpuPerBatch}`);
    console.log(`  acknowledged ${acked}, stored after the run ${storedAfterRun} (in-flight batches at the end: ${(storedAfterRun - acked) / BATCH})`);
    const exact = storedAfterResend === generated * BATCH;
    console.log(`  after re-sending all ${generated} batches: stored ${storedAfterResend} = generated ${generated * BATCH}: ${exact ? "nothing lost, nothing counted twice" : "MISMATCH"}`);
    reportTargets("Public API (targets)", [
      {
        figure: "GET /api/v1/entitlements",
        value: api,
        unit: "req/s",
        baseline: { label: "GET /api/health/live", value: baseline },
        goal: 0.8,
        note: `16 connections; p99 ${p99("api")} (baseline ${p99("baseline")})`,
      },
      {
        figure: "POST /api/v1/usage, batches of 1,000",
        value: acked / ingestSeconds,
        unit: "events/s",
        goal: 100_000,
        note: `4 connections; p99 ${p99("ingest")} per batch; ${cpuPerBatch}; ${exact ? "nothing lost, nothing counted twice" : "MISMATCH between generated and stored events"}`,
      },
    ]);
    if (!exact || storedAfterRun < acked) process.exitCode = 1;
    await closeDb();
  } finally {
    await server.stop();
  }
}

function post(port: number, host: string, authorization: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: "127.0.0.1", port, path: "/api/v1/usage", method: "POST", headers: { host, authorization, "content-type": "application/json", "content-length": Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

runBench(main);
