// `npm run bench -- scale`: does a workspace's experience depend on how much data the others
// have? Against `next start` on a fresh embedded database (demo data), measured first as seeded,
// then again after generating 10,000 more workspaces, 10 million usage events over them (with
// their roll-ups) and a million audit events in acme (bench/scale-data.ts):
//  - the dashboard Usage page, signed in (bench/session.ts), and the tRPC query its chart makes;
//  - GET /api/v1/entitlements with an API key (limits lifted, as in bench/api.ts);
//  - the usage snapshot behind both, read uncached in this process (what the caches hide);
//  - the audit log page (newest, a page half a million events deep, one action) and the first
//    10,000 rows of its CSV export, and the whole capped export.
// Targets: each at scale within 1.2× of its p50 latency on the seeded database.
// BENCH_SCALE_WORKSPACES / _USAGE_EVENTS / _AUDIT_EVENTS make the data smaller for a quick run.
import http from "node:http";
import postgres from "postgres";
import { measure, printTable, reportTargets, startServer, type Result, type Target, runBench } from "./lib";
import { generateScaleData, insertAuditEvents } from "./scale-data";
import { request, signedInCookie } from "./session";

const PORT = 3220;
const PG_PORT = 54390;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
const SIZE = {
  workspaces: Number(process.env.BENCH_SCALE_WORKSPACES ?? 10_000),
  usageEvents: Number(process.env.BENCH_SCALE_USAGE_EVENTS ?? 10_000_000),
  auditEvents: Number(process.env.BENCH_SCALE_AUDIT_EVENTS ?? 1_000_000),
};
const EXPORT_ROWS = 10_000;

type Phase = "seeded" | "at scale";
type Case = { name: string; path: string; headers: Record<string, string>; connections: number };

const fmt = (n: number) => n.toLocaleString("en-US");
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Time to the first byte, to `rows` CSV rows (then hangs up) or to the end; rows and bytes seen. */
function readExport(url: string, cookie: string, rows: number): Promise<{ firstByteMs: number; ms: number; rows: number; bytes: number }> {
  const target = new URL(url);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.get({ host: "127.0.0.1", port: PORT, path: `${target.pathname}${target.search}`, headers: { host: target.host, cookie } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`export answered ${res.statusCode}`));
      let firstByteMs = 0;
      let lines = 0;
      let bytes = 0;
      const finish = () => resolve({ firstByteMs, ms: performance.now() - started, rows: Math.max(0, Math.min(lines - 1, rows)), bytes });
      res.on("data", (chunk: Buffer) => {
        if (!firstByteMs) firstByteMs = performance.now() - started;
        bytes += chunk.length;
        for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
        if (lines > rows) {
          finish();
          req.destroy();
        }
      });
      res.on("end", finish);
    });
    req.on("error", (error: NodeJS.ErrnoException) => (error.code === "ECONNRESET" ? undefined : reject(error)));
  });
}

async function main() {
  const server = await startServer(PORT, PG_PORT);
  const superuser = postgres(`postgres://postgres:postgres@127.0.0.1:${PG_PORT}/atrium`, { max: 1, onnotice: () => {} });
  try {
    process.env.DATABASE_URL = server.appUrl;
    const { findTenantBySlug } = await import("../server/db/cross-tenant");
    const { createApiKey } = await import("../server/api-keys/manage-api-keys");
    const { setPlanOverrides } = await import("../server/billing/plan-overrides");
    const { ingestUsage } = await import("../server/usage/ingest-usage");
    const { getUsageSnapshot, invalidateUsageSnapshot } = await import("../server/usage/usage-snapshot");
    const { closeDb } = await import("../server/db/client");

    const acme = (await findTenantBySlug("acme"))!;
    const meta = { ip: null, userAgent: "bench" };
    await setPlanOverrides({
      tenantId: acme.id,
      overrides: { limits: { apiRequestsPerMinute: 100_000_000, apiCallsPerMonth: "unlimited", usageUnitsPerMonth: "unlimited" } },
      actorUserId: null,
      meta,
    });
    const key = await createApiKey({ tenantId: acme.id, actorUserId: null, meta, name: "bench", scopes: ["usage:read", "tenant:read"], expiresInDays: null });
    // Some usage and a few hundred audit events already, so each page renders the same in both
    // phases: the Usage page its chart (not the empty state), the audit log full pages.
    const actors = (await superuser<{ id: string }[]>`select id from users where email in ('alice@acme.test', 'adam@acme.test', 'mia@acme.test') order by email`).map((r) => r.id);
    await insertAuditEvents(superuser, { tenantId: acme.id, actors, count: 400 });
    await ingestUsage({ tenantId: acme.id, events: Array.from({ length: 10 }, (_, i) => ({ metric: "units" as const, quantity: 1, idempotencyKey: `seeded-${i}` })) });

    const apex = `http://localhost:${PORT}`;
    const host = `acme.localhost:${PORT}`;
    const base = `http://127.0.0.1:${PORT}`;
    const cookie = await signedInCookie({ baseUrl: apex, port: PORT, email: "alice@acme.test", password: "atrium-demo-1234", tenantSlug: "acme" });
    const usagePage = await request(PORT, `http://${host}/dashboard/usage`, { headers: { cookie } });
    if (usagePage.status !== 200 || !usagePage.body.includes('data-testid="usage-units"')) throw new Error(`the Usage page did not render signed in (HTTP ${usagePage.status})`);
    console.log("signed in on acme's host through the apex sign-in and the hand-off");

    const seriesInput = encodeURIComponent(JSON.stringify({ json: { metric: "units", granularity: "day" } }));
    const cases = (auditDeep?: string): Case[] => [
      { name: "Usage page", path: "/dashboard/usage", headers: { cookie }, connections: 4 },
      { name: "usage.series (the chart's query)", path: `/api/trpc/usage.series?input=${seriesInput}`, headers: { cookie }, connections: 4 },
      { name: "GET /api/v1/entitlements", path: "/api/v1/entitlements", headers: { authorization: `Bearer ${key.secret}` }, connections: 8 },
      { name: "Audit log, newest page", path: "/dashboard/audit", headers: { cookie }, connections: 4 },
      { name: "Audit log, one action", path: "/dashboard/audit?action=member.added", headers: { cookie }, connections: 4 },
      ...(auditDeep ? [{ name: "Audit log, half the log deep", path: `/dashboard/audit?before=${encodeURIComponent(auditDeep)}`, headers: { cookie }, connections: 4 }] : []),
    ];

    const results: Record<Phase, Map<string, Result>> = { seeded: new Map(), "at scale": new Map() };
    const snapshots: Record<Phase, number> = { seeded: 0, "at scale": 0 };
    const exports: Record<Phase, { first: Awaited<ReturnType<typeof readExport>>; full: Awaited<ReturnType<typeof readExport>> } | null> = { seeded: null, "at scale": null };

    const runPhase = async (phase: Phase, auditDeep?: string) => {
      const phaseCases = cases(auditDeep);
      for (const c of phaseCases) await measure("warm-up", `${base}${c.path}`, host, 2, { connections: c.connections, headers: c.headers });
      const rounds: Result[] = [];
      // Two interleaved rounds; each case keeps its better one (drift on a shared machine).
      for (let round = 1; round <= 2; round++) {
        for (const c of phaseCases) rounds.push(await measure(`${phase.padEnd(8)}  ${c.name} (round ${round})`, `${base}${c.path}`, host, SECONDS, { connections: c.connections, headers: c.headers }));
      }
      for (const c of phaseCases) {
        const best = rounds.filter((r) => r.label.includes(` ${c.name} (`)).sort((a, b) => a.p50 - b.p50)[0]!;
        results[phase].set(c.name, best);
      }
      printTable(rounds);
      // The snapshot the Usage page and entitlements serve from, read without its 2 s cache.
      const times: number[] = [];
      for (let i = 0; i < 200; i++) {
        invalidateUsageSnapshot(acme.id);
        const started = performance.now();
        await getUsageSnapshot(acme.id);
        times.push(performance.now() - started);
      }
      snapshots[phase] = median(times);
      exports[phase] = {
        first: await readExport(`http://${host}/dashboard/audit/export`, cookie, EXPORT_ROWS),
        full: await readExport(`http://${host}/dashboard/audit/export`, cookie, Number.MAX_SAFE_INTEGER),
      };
      const e = exports[phase]!;
      console.log(`usage snapshot, uncached, in-process: p50 ${snapshots[phase].toFixed(2)} ms (200 reads)`);
      console.log(`audit CSV export: first byte ${e.first.firstByteMs.toFixed(0)} ms; first ${fmt(e.first.rows)} rows in ${e.first.ms.toFixed(0)} ms; ` +
        `whole export (capped at 100,000 rows) ${fmt(e.full.rows)} rows, ${(e.full.bytes / 1e6).toFixed(1)} MB in ${e.full.ms.toFixed(0)} ms`);
      const failed = rounds.filter((r) => r.errors > 0 || r.non2xx > 0);
      if (failed.length) throw new Error(`requests failed in: ${failed.map((r) => r.label).join(", ")}`);
    };

    console.log(`\n## seeded database`);
    await runPhase("seeded");

    // Counted API calls reach the roll-ups every 2 s: let the last ones land before the bulk load.
    await new Promise((r) => setTimeout(r, 3_000));
    console.log(`\n## generating ${fmt(SIZE.workspaces)} workspaces, ${fmt(SIZE.usageEvents)} usage events, ${fmt(SIZE.auditEvents)} audit events in acme`);
    const generationStarted = performance.now();
    const timings = await generateScaleData(superuser, { ...SIZE, acmeId: acme.id, auditActors: actors });
    const generationMs = performance.now() - generationStarted;
    for (const t of timings) console.log(`  ${t.step.padEnd(48)} ${t.rows ? fmt(t.rows).padStart(11) : "".padStart(11)} rows  ${(t.ms / 1000).toFixed(1).padStart(6)} s`);
    console.log(`  generation took ${(generationMs / 1000).toFixed(1)} s in all`);
    const [sizes] = await superuser<{ tenants: string; usage_events: string; usage_rollups: string; audit_events: string; acme_audit: string; db_bytes: string }[]>`
      select (select count(*) from tenants) as tenants, (select count(*) from usage_events) as usage_events,
             (select count(*) from usage_rollups) as usage_rollups, (select count(*) from audit_events) as audit_events,
             (select count(*) from audit_events where tenant_id = ${acme.id}::uuid) as acme_audit, pg_database_size('atrium') as db_bytes`;
    const dataSize =
      `${fmt(Number(sizes!.tenants))} workspaces, ${fmt(Number(sizes!.usage_events))} usage events (${fmt(Number(sizes!.usage_rollups))} roll-up rows), ` +
      `${fmt(Number(sizes!.audit_events))} audit events (${fmt(Number(sizes!.acme_audit))} in acme), database ${(Number(sizes!.db_bytes) / 1e9).toFixed(2)} GB`;
    console.log(`  data: ${dataSize}`);
    const [deep] = await superuser<{ cursor: string }[]>`
      select to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') || '_' || id as cursor from audit_events
      where tenant_id = ${acme.id}::uuid order by created_at desc, id desc offset ${Math.floor(Number(sizes!.acme_audit) / 2)} limit 1`;

    console.log(`\n## at scale`);
    await runPhase("at scale", deep!.cursor);

    const p50 = (phase: Phase, name: string) => results[phase].get(name)!;
    const ratioTarget = (name: string, baselineName = name, baselinePhase: Phase = "seeded"): Target => {
      const value = p50("at scale", name);
      const baseline = p50(baselinePhase, baselineName);
      return {
        figure: `${name}, p50 at scale`,
        value: value.p50,
        unit: "ms",
        baseline: { label: baselineName === name ? baselinePhase : `${baselinePhase}, ${baselineName}`, value: baseline.p50 },
        goal: 1.2,
        atMost: true,
        note: `req/s ${value.rps.toFixed(0)} vs ${baseline.rps.toFixed(0)}; p99 ${value.p99} vs ${baseline.p99} ms`,
      };
    };
    const scaleExport = exports["at scale"]!;
    console.log(`\ndata at scale: ${dataSize}; generated in ${(generationMs / 1000).toFixed(1)} s`);
    reportTargets("Scale: one workspace's pages at 10,000 workspaces and 10M usage events (p50 latency; lower is better)", [
      ratioTarget("Usage page"),
      ratioTarget("usage.series (the chart's query)"),
      ratioTarget("GET /api/v1/entitlements"),
      {
        figure: "usage snapshot, uncached, p50 at scale",
        value: snapshots["at scale"],
        unit: "ms",
        baseline: { label: "seeded", value: snapshots.seeded },
        goal: 1.2,
        atMost: true,
        note: "the query work the 2 s snapshot cache hides from the two above",
      },
      ratioTarget("Audit log, newest page"),
      ratioTarget("Audit log, one action"),
      ratioTarget("Audit log, half the log deep", "Audit log, newest page", "at scale"),
      {
        figure: `audit CSV export, first ${fmt(EXPORT_ROWS)} rows of ${fmt(Number(sizes!.acme_audit))}`,
        value: scaleExport.first.ms,
        unit: "ms",
        goal: 2_000,
        atMost: true,
        note: `first byte after ${scaleExport.first.firstByteMs.toFixed(0)} ms; the whole capped export: ${fmt(scaleExport.full.rows)} rows in ${scaleExport.full.ms.toFixed(0)} ms`,
      },
    ]);
    await closeDb();
  } finally {
    await superuser.end({ timeout: 5 });
    await server.stop();
  }
}

runBench(main);
