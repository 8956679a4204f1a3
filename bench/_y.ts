// @ts-nocheck
import postgres from "postgres";
import { startServer, runBench } from "./lib";
import { signedInCookie, request } from "./session";
import { readFileSync, readdirSync } from "node:fs";
const PORT = 3208;
runBench(async () => {
  const server = await startServer(PORT, 54358);
  try {
    const cookie = await signedInCookie({ baseUrl: `http://localhost:${PORT}`, port: PORT, email: "alice@acme.test", password: "atrium-demo-1234", tenantSlug: "acme" });
    const admin = postgres("postgres://postgres:postgres@127.0.0.1:54358/postgres", { max: 1 });
    const paths = (process.env.Y_PATHS ?? "/api/trpc/member.list?batch=1&input=%7B%7D").split(" ");
    for (const p of paths) await request(PORT, p, { headers: { host: `acme.localhost:${PORT}`, cookie } });
    await admin`alter system set log_statement = 'all'`; await admin`alter system set log_destination='stderr'`; await admin`alter system set logging_collector=off`; await admin`select pg_reload_conf()`;
    await new Promise((r) => setTimeout(r, 300));
    for (const p of paths) { console.log("=====", p); const r = await request(PORT, p, { headers: { host: `acme.localhost:${PORT}`, cookie } }); console.log("status", r.status); await new Promise((r) => setTimeout(r, 300)); }
    await admin`alter system reset log_statement`; await admin`select pg_reload_conf()`;
    await admin.end();
  } finally {
    await server.stop();
  }
});
