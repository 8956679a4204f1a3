// `npm run bench -- operator`: the operator console's workspace list at 10,000 workspaces and 10
// million usage events (the data bench/scale-data.ts generates, on a fresh embedded database),
// plus a realistic spread of plans, statuses, Stripe customers and custom domains over them.
// Measures the server's time per list page (the audited definer function, through the domain
// function the page calls, in this process) for the default page, each sort, a page deep in the
// keyset, searches and filters; p50 / p95 over repeated calls. Target: p95 under 100 ms per page.
// BENCH_SCALE_WORKSPACES / _USAGE_EVENTS make the data smaller for a quick run.
import postgres from "postgres";
import { reportTargets, startServer, runBench, type Target } from "./lib";
import { generateScaleData } from "./scale-data";

const PORT = 3230;
const PG_PORT = 54391;
const ROUNDS = Number(process.env.BENCH_OPERATOR_ROUNDS ?? 40);
const SIZE = {
  workspaces: Number(process.env.BENCH_SCALE_WORKSPACES ?? 10_000),
  usageEvents: Number(process.env.BENCH_SCALE_USAGE_EVENTS ?? 10_000_000),
  auditEvents: 0,
};
const PAGE_TARGET_MS = 100;

const fmt = (n: number) => n.toLocaleString("en-US");
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function main() {
  const server = await startServer(PORT, PG_PORT);
  const superuser = postgres(`postgres://postgres:postgres@127.0.0.1:${PG_PORT}/atrium`, { max: 1, onnotice: () => {} });
  try {
    process.env.DATABASE_URL = server.appUrl;
    const { findTenantBySlug } = await import("../server/db/cross-tenant");
    const { createSessionRecord } = await import("../server/sessions/create-session-record");
    const { listWorkspaces, parseWorkspaceListQuery } = await import("../server/operators/list-workspaces");
    const { streamWorkspacesCsv } = await import("../server/operators/export-workspaces-csv");
    const { closeDb } = await import("../server/db/client");

    const acme = (await findTenantBySlug("acme"))!;
    console.log(`## generating ${fmt(SIZE.workspaces)} workspaces and ${fmt(SIZE.usageEvents)} usage events (bench/scale-data.ts)`);
    const started = performance.now();
    const timings = await generateScaleData(superuser, { ...SIZE, acmeId: acme.id, auditActors: [] });
    for (const t of timings) console.log(`  ${t.step.padEnd(48)} ${t.rows ? fmt(t.rows).padStart(11) : "".padStart(11)} rows  ${(t.ms / 1000).toFixed(1).padStart(6)} s`);
    // What the console sorts and filters by: a third paying (Pro or Enterprise, some yearly) with a
    // Stripe customer, some past due, some suspended, a custom domain on every tenth.
    await superuser`
      update tenants t set status = (case when n % 11 = 0 then 'past_due' when n % 13 = 0 then 'suspended' else 'active' end)::tenant_status,
             plan_id = case when n % 2 = 0 then 'pro' else 'enterprise' end, trial_ends_at = null
      from (select id, row_number() over (order by slug) as n from tenants where slug like 'scale-%') s
      where t.id = s.id and s.n % 3 = 0`;
    await superuser`
      insert into subscriptions (tenant_id, provider, customer_id, subscription_id, status, plan_id, interval)
      select id, 'stripe', 'cus_bench' || substr(md5(slug), 1, 14), 'sub_bench' || substr(md5(slug), 1, 14), 'active', plan_id,
             case when length(slug) % 2 = 0 then 'month' else 'year' end
      from tenants where slug like 'scale-%' and status <> 'trialing'`;
    await superuser`
      insert into tenant_domains (tenant_id, hostname, verification_token, status)
      select id, 'portal.' || slug || '.example.com', md5(slug), 'verified' from tenants where slug like 'scale-%0'`;
    await superuser`vacuum (analyze) tenants, subscriptions, tenant_domains, memberships, users`;
    const refreshStarted = performance.now();
    // What the operator-stats job runs (its function refreshes only for a claimed job of that queue).
    await superuser`refresh materialized view concurrently operator_workspace_stats`;
    const refreshMs = performance.now() - refreshStarted;
    await superuser`vacuum (analyze) operator_workspace_stats`;
    const generationMs = performance.now() - started;
    const [sizes] = await superuser<{ tenants: string; usage_events: string; usage_rollups: string; subscriptions: string; db_bytes: string }[]>`
      select (select count(*) from tenants) as tenants, (select count(*) from usage_events) as usage_events, (select count(*) from usage_rollups) as usage_rollups,
             (select count(*) from subscriptions) as subscriptions, pg_database_size('atrium') as db_bytes`;
    const dataSize =
      `${fmt(Number(sizes!.tenants))} workspaces (${fmt(Number(sizes!.subscriptions))} with a subscription), ${fmt(Number(sizes!.usage_events))} usage events ` +
      `(${fmt(Number(sizes!.usage_rollups))} roll-up rows), database ${(Number(sizes!.db_bytes) / 1e9).toFixed(2)} GB`;
    console.log(`  data: ${dataSize}; generated in ${(generationMs / 1000).toFixed(1)} s; usage statistics refreshed in ${refreshMs.toFixed(0)} ms`);

    // An operator (the seeded one) with a second factor and a console session, as after signing in.
    const [ops] = await superuser<{ id: string }[]>`select id from users where email = 'ops@atrium.test'`;
    await superuser`insert into user_totp (user_id, secret_sealed, confirmed_at) values (${ops!.id}, 'bench', now()) on conflict do nothing`;
    const session = await createSessionRecord({ userId: ops!.id, host: `admin.localhost`, ip: "127.0.0.1", userAgent: "bench" });
    const reader = { sessionId: session.id, meta: { ip: "127.0.0.1", userAgent: "bench" } };
    const page = (params: Record<string, string | string[]>) => listWorkspaces({ ...reader, query: parseWorkspaceListQuery(params) });

    // A cursor half-way down the default order.
    let deep = parseWorkspaceListQuery({});
    for (let walked = 0; walked < Number(sizes!.tenants) / 2; walked += 999) {
      const p = await listWorkspaces({ ...reader, query: deep, limit: 999 });
      if (!p.next) break;
      deep = { ...deep, after: p.next };
    }

    const cases: { name: string; run: () => Promise<{ rows: unknown[] }> }[] = [
      { name: "first page (newest first)", run: () => page({}) },
      { name: "sorted by MRR", run: () => page({ sort: "mrr" }) },
      { name: "sorted by usage", run: () => page({ sort: "usage" }) },
      { name: "sorted by last active", run: () => page({ sort: "last_active", dir: "asc" }) },
      { name: "a page half-way down (keyset)", run: () => listWorkspaces({ ...reader, query: deep }) },
      { name: "search: owner email", run: () => page({ q: "owner-7777@scale" }) },
      { name: "search: name fragment", run: () => page({ q: "Workspace 99" }) },
      { name: "search: custom domain", run: () => page({ q: "portal.scale-000120" }) },
      { name: "search: Stripe customer id", run: () => page({ q: "cus_bench" }) },
      { name: "search: no match", run: () => page({ q: "nothing-matches-this" }) },
      { name: "filter: active Pro, past due", run: () => page({ status: ["active", "past_due"], plan: "pro" }) },
      { name: "filter: trial ending in 7 days", run: () => page({ trial: "7", sort: "usage" }) },
      { name: "filter: over a quota", run: () => page({ overQuota: "1" }) },
      { name: "filter: created between", run: () => page({ from: "2020-01-01", to: "2099-12-31", sort: "mrr", dir: "asc" }) },
    ];
    const results: { name: string; p50: number; p95: number; rows: number }[] = [];
    for (const c of cases) {
      await c.run();
      const times: number[] = [];
      let rows = 0;
      for (let i = 0; i < ROUNDS; i++) {
        const t0 = performance.now();
        rows = (await c.run()).rows.length;
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      results.push({ name: c.name, p50: percentile(times, 50), p95: percentile(times, 95), rows });
    }
    console.log(`\nserver time per list page of 50, in-process through listWorkspaces (${ROUNDS} calls each), at: ${dataSize}`);
    console.log(`${"case".padEnd(36)} ${"rows".padStart(5)} ${"p50 ms".padStart(8)} ${"p95 ms".padStart(8)}`);
    for (const r of results) console.log(`${r.name.padEnd(36)} ${String(r.rows).padStart(5)} ${r.p50.toFixed(1).padStart(8)} ${r.p95.toFixed(1).padStart(8)}`);

    const exportStarted = performance.now();
    const csv = await new Response(await streamWorkspacesCsv({ ...reader, query: parseWorkspaceListQuery({}) })).text();
    const exportMs = performance.now() - exportStarted;
    const exportRows = csv.split("\r\n").length - 2;
    console.log(`CSV export of every workspace: ${fmt(exportRows)} rows, ${(csv.length / 1e6).toFixed(1)} MB in ${exportMs.toFixed(0)} ms`);
    const [audited] = await superuser<{ n: string }[]>`select count(*) as n from operator_audit_events where actor_user_id = ${ops!.id}`;
    console.log(`operator audit rows written by these reads: ${fmt(Number(audited!.n))} (one per call)`);

    const worst = [...results].sort((a, b) => b.p95 - a.p95)[0]!;
    const targets: Target[] = results.map((r) => ({ figure: `list page, ${r.name}, p95`, value: r.p95, unit: "ms", goal: PAGE_TARGET_MS, atMost: true, note: `p50 ${r.p50.toFixed(1)} ms, ${r.rows} rows` }));
    targets.push({ figure: "CSV export, every workspace", value: exportMs, unit: "ms", goal: 10_000, atMost: true, note: `${fmt(exportRows)} rows` });
    reportTargets(`Operator console: workspace list at ${dataSize} (server time per page; slowest p95 ${worst.p95.toFixed(1)} ms, ${worst.name})`, targets);
    await closeDb();
  } finally {
    await superuser.end({ timeout: 5 });
    await server.stop();
  }
}

runBench(main);
