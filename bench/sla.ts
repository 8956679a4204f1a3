// `npm run bench -- sla`: what recording per-workspace request minutes (server/sla, for SLA
// reports) costs the public API. Two `next start` servers on one fresh embedded database, one with
// SLA_RECORDING on (the default) and one with it off; GET /api/v1/entitlements measured on each,
// alternating, three rounds each. Target: recording costs under 3 % of throughput.
import { measure, printTable, reportTargets, startServer, type Result, runBench } from "./lib";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

type Side = { port: number; host: string };

async function main() {
  // Recording on: its own embedded database, where the key is made. Recording off: the same
  // database (so both answer from the same rows), through DATABASE_URL.
  const first = await startServer(3211, 54361, { SLA_RECORDING: "true" });
  const second = await startServer(3212, 54362, { SLA_RECORDING: "false", DATABASE_URL: first.appUrl, ATRIUM_SEED: "0" }).catch(async (error: unknown) => {
    await first.stop();
    throw error;
  });
  try {
    await compare(first);
  } finally {
    // The second server first: it uses the first one's database.
    await second.stop();
    await first.stop();
  }
}

async function compare(first: Awaited<ReturnType<typeof startServer>>) {
  process.env.DATABASE_URL = first.appUrl;
  const { findTenantBySlug } = await import("../server/db/cross-tenant");
  const { createApiKey } = await import("../server/api-keys/manage-api-keys");
  const { setPlanOverrides } = await import("../server/billing/plan-overrides");
  const { closeDb } = await import("../server/db/client");
  const acme = await findTenantBySlug("acme");
  if (!acme) throw new Error(`the seeded workspace acme is not in ${first.appUrl.replace(/:[^:@/]+@/, ":…@")}`);
  const meta = { ip: null, userAgent: "bench" };
  await setPlanOverrides({ tenantId: acme.id, overrides: { limits: { apiRequestsPerMinute: 100_000_000, apiCallsPerMonth: "unlimited" } }, actorUserId: null, meta });
  const key = await createApiKey({ tenantId: acme.id, actorUserId: null, meta, name: `bench-${Date.now()}`, scopes: ["usage:read", "usage:write", "tenant:read"], expiresInDays: null });
  const auth = { authorization: `Bearer ${key.secret}` };
  const on: Side = { port: 3211, host: "acme.localhost:3211" };
  const off: Side = { port: 3212, host: "acme.localhost:3212" };
  try {
    const url = (side: Side) => `http://127.0.0.1:${side.port}/api/v1/entitlements`;
    for (const side of [on, off]) await measure("warm-up", url(side), side.host, 3, { headers: auth });
    const rows: Result[] = [];
    for (let round = 1; round <= 3; round++) {
      // Alternate which goes first, so neither always runs on the warmer machine.
      const order = round % 2 ? [off, on] : [on, off];
      for (const side of order) {
        rows.push(await measure(`${side === on ? "recording" : "off      "} GET /api/v1/entitlements (round ${round})`, url(side), side.host, SECONDS, { headers: auth }));
      }
    }
    printTable(rows);
    // Refusals measure nothing: every answer must have been a 200.
    if (rows.some((r) => r.non2xx > 0 || r.errors > 0)) {
      console.log("bench sla: some answers were not 200; the figures below do not measure the endpoint");
      process.exitCode = 1;
    }
    const avg = (prefix: string, of: (r: Result) => number = (r) => r.rps) => {
      const picked = rows.filter((r) => r.label.startsWith(prefix));
      return picked.reduce((s, r) => s + of(r), 0) / picked.length;
    };
    const recording = avg("recording");
    const baseline = avg("off");
    reportTargets("SLA recording cost (targets)", [
      {
        figure: "GET /api/v1/entitlements, recording request minutes",
        value: recording,
        unit: "req/s",
        baseline: { label: "the same with SLA_RECORDING=false", value: baseline },
        goal: 0.97,
        note: `16 connections, 3 alternating rounds of ${SECONDS} s; p99 ${avg("recording", (r) => r.p99).toFixed(1)} ms (off: ${avg("off", (r) => r.p99).toFixed(1)} ms)`,
      },
    ]);
  } finally {
    await closeDb();
  }
}

runBench(main);
