// `npm run bench`: what tenant resolution costs. The same page (the sign-in page, rendered with
// the same components and the same session check) is served on the apex and on a tenant host;
// the tenant host adds host parsing, the cached tenant lookup in proxy.ts and the rewrite.
// Runs against `next start` (builds first if needed) on a fresh embedded database.
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { measure, printTable, startServer, type Result } from "./lib";

const PORT = 3200;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);

async function main() {
  if (!existsSync(".next/BUILD_ID")) {
    const build = spawnSync("node_modules/.bin/next", ["build"], { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
    if (build.status !== 0) throw new Error("next build failed");
  }
  const server = await startServer(PORT, 54349);
  const url = `http://127.0.0.1:${PORT}/sign-in`;
  const apexHost = `localhost:${PORT}`;
  const tenantHost = `acme.localhost:${PORT}`;
  try {
    // Warm both paths (JIT, caches, connection pool) before measuring.
    await measure("warm-up apex", url, apexHost, 3);
    await measure("warm-up tenant", url, tenantHost, 3);
    const rows: Result[] = [];
    // Interleaved rounds, so drift on a shared machine hits both cases alike.
    for (let round = 1; round <= 2; round++) {
      rows.push(await measure(`apex    /sign-in (round ${round})`, url, apexHost, SECONDS));
      rows.push(await measure(`tenant  /sign-in (round ${round})`, url, tenantHost, SECONDS));
    }
    printTable(rows);
    const avg = (prefix: string) => {
      const picked = rows.filter((r) => r.label.startsWith(prefix));
      return picked.reduce((s, r) => s + r.rps, 0) / picked.length;
    };
    const apex = avg("apex");
    const tenant = avg("tenant");
    const cost = (1 - tenant / apex) * 100;
    console.log(`\napex ${apex.toFixed(0)} req/s, tenant host ${tenant.toFixed(0)} req/s: ratio ${(tenant / apex).toFixed(3)}`);
    console.log(`tenant resolution costs ${cost.toFixed(1)}% of throughput (goal: under 10%)`);
    if (rows.some((r) => r.errors > 0 || r.non2xx > 0)) {
      console.log("warning: some requests failed; the figures above are not trustworthy");
      process.exitCode = 1;
    }
  } finally {
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
