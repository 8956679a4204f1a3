// `npm run bench` (part): what a signed-in member costs, against `next start` on a fresh embedded
// database, next to baselines served by the same server in the same run:
//  - the dashboard Overview (acme.localhost, signed in as the seeded owner) against the apex
//    landing page, at 10 and at 50 connections;
//  - the tRPC workspace query member.list against the bare health route.
import { cpuSecondsUnder, measure, printTable, reportTargets, startServer, type Result, runBench } from "./lib";
import { signedInCookie } from "./session";

const PORT = 3202;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);

async function main() {
  const server = await startServer(PORT, 54351);
  try {
    const cookie = await signedInCookie({ baseUrl: `http://localhost:${PORT}`, port: PORT, email: "alice@acme.test", password: "atrium-demo-1234", tenantSlug: "acme" });
    const base = `http://127.0.0.1:${PORT}`;
    const apex = `localhost:${PORT}`;
    const acme = `acme.localhost:${PORT}`;
    const signedIn = { headers: { cookie } };
    const cases = {
      landing: () => [`${base}/`, apex, {}] as const,
      overview: () => [`${base}/dashboard`, acme, signedIn] as const,
      health: () => [`${base}/api/health/live`, acme, {}] as const,
      members: () => [`${base}/api/trpc/member.list?batch=1&input=%7B%7D`, acme, signedIn] as const,
      // Context only (no target): a page rendered per request, signed out, on the same host.
      publicPage: () => [`${base}/`, acme, {}] as const,
    };
    for (const make of Object.values(cases)) {
      const [url, host, options] = make();
      await measure("warm-up", url, host, 2, options);
    }
    const rows: Result[] = [];
    // CPU seconds (server, PostgreSQL) and answered requests per case, over all its runs: CPU per
    // request says what a page costs even when a neighbour on the machine moves req/s around.
    const cpu = new Map<keyof typeof cases, { app: number; postgres: number; requests: number }>();
    const run = async (label: string, which: keyof typeof cases, connections: number) => {
      const [url, host, options] = cases[which]();
      const before = cpuSecondsUnder(server.child.pid!);
      const result = await measure(label, url, host, SECONDS, { ...options, connections });
      const after = cpuSecondsUnder(server.child.pid!);
      if (before && after) {
        const sum = cpu.get(which) ?? { app: 0, postgres: 0, requests: 0 };
        cpu.set(which, { app: sum.app + after.app - before.app, postgres: sum.postgres + after.postgres - before.postgres, requests: sum.requests + result.completed });
      }
      rows.push(result);
      return result;
    };
    const pairs: { conns: number; landing: Result[]; overview: Result[] }[] = [];
    for (const conns of [10, 50]) {
      const pair = { conns, landing: [] as Result[], overview: [] as Result[] };
      // Interleaved rounds, so drift on a shared machine hits both alike.
      for (let round = 1; round <= 2; round++) {
        pair.landing.push(await run(`landing  GET / (apex) c=${conns} r${round}`, "landing", conns));
        pair.overview.push(await run(`overview GET /dashboard c=${conns} r${round}`, "overview", conns));
      }
      pairs.push(pair);
    }
    const rendered = [await run("public   GET / (acme, rendered) c=10 r1", "publicPage", 10), await run("public   GET / (acme, rendered) c=10 r2", "publicPage", 10)];
    const health: Result[] = [];
    const members: Result[] = [];
    for (let round = 1; round <= 2; round++) {
      health.push(await run(`health   GET /api/health/live c=10 r${round}`, "health", 10));
      members.push(await run(`trpc     member.list c=10 r${round}`, "members", 10));
    }
    printTable(rows);
    if (cpu.size) {
      console.log("CPU per answered request (all runs of each case): Next.js server / PostgreSQL");
      for (const [which, c] of cpu) {
        const ms = (seconds: number) => ((1000 * seconds) / Math.max(c.requests, 1)).toFixed(2);
        console.log(`  ${which.padEnd(11)} ${ms(c.app)} ms / ${ms(c.postgres)} ms`);
      }
    } else {
      console.log("CPU per request: not measured (no /proc)");
    }
    const avg = (rs: Result[]) => rs.reduce((s, r) => s + r.rps, 0) / rs.length;
    const p99 = (rs: Result[]) => Math.max(...rs.map((r) => r.p99));
    const failed = rows.some((r) => r.errors > 0 || r.non2xx > 0);
    reportTargets("Signed-in dashboard (targets)", [
      ...pairs.map((p) => ({
        figure: `Overview, ${p.conns} connections`,
        value: avg(p.overview),
        unit: "req/s",
        baseline: { label: "apex landing", value: avg(p.landing) },
        goal: 0.8,
        note:
          `p99 Overview ${p99(p.overview)} ms, landing ${p99(p.landing)} ms` +
          (p.conns === 10 ? `; for context, the workspace's public page (rendered per request, signed out) ${avg(rendered).toFixed(0)} req/s: Overview ${(avg(p.overview) / avg(rendered)).toFixed(2)}× of it` : ""),
      })),
      {
        figure: "tRPC member.list, 10 connections",
        value: avg(members),
        unit: "req/s",
        baseline: { label: "GET /api/health/live", value: avg(health) },
        goal: 0.6,
        note: `p99 member.list ${p99(members)} ms, health ${p99(health)} ms`,
      },
    ]);
    if (failed) {
      console.log("some requests failed or were not 2xx: the figures above are not trustworthy");
      process.exitCode = 1;
    }
  } finally {
    await server.stop();
  }
}

runBench(main);
