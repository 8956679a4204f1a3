// `npm run bench`: what tenant resolution costs, against `next start` (builds first if needed)
// on a fresh embedded database. Two pairs of pages, each served on the apex and on a tenant host:
//  - "not-found": an unknown path renders the same root not-found page on both hosts, so the
//    only difference is host parsing, the cached tenant lookup in proxy.ts and the rewrite;
//    It is also served on a verified custom domain of the same tenant (a cached domain lookup);
//  - "sign-in": the sign-in page on each host. Since the apex one is prerendered (issue 10) and
//    the tenant one is rendered per request (tenant lookup, session check), this pair shows what
//    prerendering saves; it is printed, not held to the tenant-resolution target.
import postgres from "postgres";
import { measure, printTable, reportTargets, startServer, type Result, type Target, runBench } from "./lib";

const PORT = 3200;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);

async function main() {
  const server = await startServer(PORT, 54349);
  const base = `http://127.0.0.1:${PORT}`;
  const apexHost = `localhost:${PORT}`;
  const tenantHost = `acme.localhost:${PORT}`;
  const customHost = `portal.acme.test:${PORT}`;
  // A verified custom domain for the demo tenant, written as the app role under RLS.
  const db = postgres(server.appUrl, { max: 1, onnotice: () => {} });
  await db.begin(async (tx) => {
    const [acme] = await tx<{ id: string }[]>`select id from atrium_tenant_by_slug('acme')`;
    await tx`select set_config('app.tenant_id', ${acme!.id}, true)`;
    await tx`insert into tenant_domains (tenant_id, hostname, verification_token, status, verified_at, last_checked_at)
             values (${acme!.id}, 'portal.acme.test', 'bench', 'verified', now(), now()) on conflict do nothing`;
  });
  await db.end();
  const pairs = [
    { name: "not-found", path: "/no-such-page", expect404: true, custom: true, comparable: true },
    { name: "sign-in", path: "/sign-in", expect404: false, custom: false, comparable: false },
  ];
  try {
    const rows: Result[] = [];
    const summary: string[] = [];
    const targets: Target[] = [];
    let failed = false;
    for (const pair of pairs) {
      const url = `${base}${pair.path}`;
      // Warm both paths (JIT, caches, connection pool) before measuring.
      await measure("warm-up", url, apexHost, 2);
      await measure("warm-up", url, tenantHost, 2);
      if (pair.custom) await measure("warm-up", url, customHost, 2);
      const pairRows: Result[] = [];
      // Interleaved rounds, so drift on a shared machine hits both cases alike.
      for (let round = 1; round <= 2; round++) {
        pairRows.push(await measure(`apex   ${pair.path} (round ${round})`, url, apexHost, SECONDS));
        pairRows.push(await measure(`tenant ${pair.path} (round ${round})`, url, tenantHost, SECONDS));
        if (pair.custom) pairRows.push(await measure(`custom ${pair.path} (round ${round})`, url, customHost, SECONDS));
      }
      const avg = (prefix: string) => {
        const picked = pairRows.filter((r) => r.label.startsWith(prefix));
        return picked.reduce((sum, r) => sum + r.rps, 0) / picked.length;
      };
      const apex = avg("apex");
      const tenant = avg("tenant");
      summary.push(
        `${pair.name.padEnd(10)} apex ${apex.toFixed(0)} req/s, tenant host ${tenant.toFixed(0)} req/s: ratio ${(tenant / apex).toFixed(3)}` +
          (pair.comparable ? `, tenant resolution costs ${((1 - tenant / apex) * 100).toFixed(1)}% (goal: under 10%)` : " (the apex page is prerendered: not a tenant-resolution figure)"),
      );
      if (pair.comparable) targets.push({ figure: `tenant host ${pair.path}`, value: tenant, unit: "req/s", baseline: { label: `apex ${pair.path}`, value: apex }, goal: 0.9 });
      if (pair.custom) {
        const custom = avg("custom");
        targets.push({ figure: `custom domain ${pair.path}`, value: custom, unit: "req/s", baseline: { label: `apex ${pair.path}`, value: apex }, goal: 0.9 });
        summary.push(`${"".padEnd(10)} custom domain ${custom.toFixed(0)} req/s: ratio to apex ${(custom / apex).toFixed(3)}, costs ${((1 - custom / apex) * 100).toFixed(1)}%`);
      }
      failed ||= pairRows.some((r) => r.errors > 0 || (pair.expect404 ? false : r.non2xx > 0));
      rows.push(...pairRows);
    }
    printTable(rows);
    console.log("");
    for (const line of summary) console.log(line);
    reportTargets("Tenant resolution (targets)", targets);
    if (failed) {
      console.log("warning: some requests failed; the figures above are not trustworthy");
      process.exitCode = 1;
    }
  } finally {
    await server.stop();
  }
}

runBench(main);
