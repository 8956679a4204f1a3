// @ts-nocheck
import { cpuSecondsUnder, measure, startServer, runBench } from "./lib";
import { signedInCookie } from "./session";
const PORT = 3209;
const which = process.env.X_CASE ?? "members";
runBench(async () => {
  const server = await startServer(PORT, 54359);
  try {
    const cookie = await signedInCookie({ baseUrl: `http://localhost:${PORT}`, port: PORT, email: "alice@acme.test", password: "atrium-demo-1234", tenantSlug: "acme" });
    const base = `http://127.0.0.1:${PORT}`;
    const acme = `acme.localhost:${PORT}`;
    const cases = {
      members: [`${base}/api/trpc/member.list?batch=1&input=%7B%7D`, acme, { headers: { cookie } }],
      health: [`${base}/api/health/live`, acme, {}],
      overview: [`${base}/dashboard`, acme, { headers: { cookie } }],
    };
    for (const name of which.split(",")) {
      const [url, host, options] = cases[name];
      await measure("warm", url, host, 2, options);
      const before = cpuSecondsUnder(server.child.pid!);
      const r = await measure(name, url, host, Number(process.env.BENCH_SECONDS ?? 8), { ...options, connections: 10 });
      const after = cpuSecondsUnder(server.child.pid!);
      console.log(name, r.rps, "rps p99", r.p99, "cpu/req app", ((1000 * (after.app - before.app)) / r.completed).toFixed(2), "pg", ((1000 * (after.postgres - before.postgres)) / r.completed).toFixed(2), "non2xx", r.non2xx);
    }
  } finally {
    await server.stop();
  }
});
