// A small production deployment on one machine, for the cluster test: one PostgreSQL (embedded,
// private to the run), PgBouncer in transaction mode in front of it, one Redis, two app instances
// of the production build (the standalone server) and one worker process, behind a round-robin proxy.
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "../../scripts/lib/free-port";
import { provisionDatabase, type DatabaseUrls } from "../../scripts/lib/database";
import { startEmbeddedPostgres, type EmbeddedServer } from "../../scripts/lib/embedded-postgres";
import { startRoundRobinProxy, type RoundRobinProxy } from "./round-robin-proxy";
import { runProcess, startPgBouncer, startRedis, waitForPort, type Service } from "./services";

export type Instance = {
  name: string;
  port: number;
  output: () => string;
  exited: Promise<number | null>;
  kill: (signal: NodeJS.Signals) => void;
  running: () => boolean;
};

export type Cluster = {
  /** The proxy's port; ROOT_DOMAIN is `localhost:{port}`. */
  port: number;
  root: string;
  /** The runtime and owner roles' URLs (straight to PostgreSQL), and a superuser's on the same database. */
  db: DatabaseUrls & { adminUrl: string };
  pgbouncer: Service & { url: string };
  redis: { port: number; url: string; stop: () => Promise<void> };
  proxy: RoundRobinProxy;
  instances: [Instance, Instance];
  worker: Instance;
  /** The instances' METRICS_TOKEN (GET /api/metrics). */
  metricsToken: string;
  /** When the processes were started (Date.now()). */
  startedAt: number;
  stop: () => Promise<void>;
};

const NODE = process.execPath;

function startNode(name: string, args: string[], env: NodeJS.ProcessEnv, port = 0): Instance {
  const started = runProcess(NODE, args, { env });
  const child = started.process;
  return {
    name,
    port,
    output: started.output,
    exited: started.exited,
    kill: (signal) => child.kill(signal),
    running: () => child.exitCode === null && child.signalCode === null,
  };
}

export async function startCluster(): Promise<Cluster> {
  const dataDir = path.join(os.tmpdir(), `atrium-cluster-${process.pid}`);
  rmSync(dataDir, { recursive: true, force: true });
  const stops: (() => Promise<unknown>)[] = [];
  const stop = async () => {
    for (const step of stops.reverse()) await step().catch(() => {});
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const postgres: EmbeddedServer = await startEmbeddedPostgres({ dataDir, port: await freePort(), durable: false, stopOnSignals: false });
    stops.push(() => postgres.stop());
    const adminUrl = new URL(postgres.adminUrl);
    adminUrl.pathname = "/atrium";
    const db = { ...(await provisionDatabase(postgres.adminUrl, "atrium")), adminUrl: adminUrl.toString() };
    const pgbouncer = await startPgBouncer({ upstream: db.appUrl });
    stops.push(() => pgbouncer.stop());
    const redis = await startRedis();
    stops.push(() => redis.stop());

    const ports = [await freePort(), await freePort()] as const;
    const proxy = await startRoundRobinProxy([...ports]);
    stops.push(() => proxy.close());
    const root = `localhost:${proxy.port}`;
    const metricsToken = randomBytes(24).toString("base64url");
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: pgbouncer.url,
      DATABASE_PGBOUNCER: "true",
      DATABASE_POOL_MAX: "5",
      REDIS_URL: redis.url,
      AUTH_SECRET: randomBytes(32).toString("base64url"),
      METRICS_TOKEN: metricsToken,
      ROOT_DOMAIN: root,
      TRUST_PROXY: "true",
      LOG_LEVEL: "warn",
      ATRIUM_DATA_DIR: dataDir,
      // Every process runs job workers (the default), so the worker and both instances compete for
      // each scheduled occurrence; JOBS_POLL_INTERVAL_MS short, so a due schedule is seen quickly.
      JOBS_POLL_INTERVAL_MS: "500",
    };
    delete env.DATABASE_OWNER_URL;
    delete env.TEST_DATABASE_URL;

    const startedAt = Date.now();
    // The standalone server `npm run build` made, as `npm start` and the image run it.
    const instances = ports.map((port, i) =>
      startNode(`web-${i + 1}`, [".next/standalone/server.js"], { ...env, PORT: String(port), HOSTNAME: "0.0.0.0" }, port),
    ) as [Instance, Instance];
    for (const instance of instances) stops.push(() => stopInstance(instance));
    const worker = startNode("worker", ["--conditions=react-server", "--import", "tsx", "scripts/worker.ts"], env);
    stops.push(() => stopInstance(worker));

    for (const instance of instances) {
      try {
        await waitForPort(instance.port, 60_000);
      } catch (error) {
        throw new Error(`${instance.name} did not start: ${String(error)}\n${instance.output()}`);
      }
    }
    // Both in rotation before the test starts.
    for (let waited = 0; proxy.backends.some((b) => !b.healthy); waited += 100) {
      if (waited > 30_000) throw new Error(`instances not ready:\n${instances.map((i) => i.output()).join("\n")}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    return { port: proxy.port, root, db, pgbouncer, redis, proxy, instances, worker, metricsToken, startedAt, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function stopInstance(instance: Instance): Promise<void> {
  if (!instance.running()) return;
  instance.kill("SIGTERM");
  const timer = setTimeout(() => instance.kill("SIGKILL"), 30_000);
  await instance.exited;
  clearTimeout(timer);
}
