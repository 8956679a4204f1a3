// The pieces a multi-instance deployment has around the app, started by the cluster test itself:
// PgBouncer in transaction mode in front of PostgreSQL, and a private Redis.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync, chmodSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "../../scripts/lib/free-port";
import { answers, privateRedis } from "../redis-server";

export type Service = { port: number; process: ChildProcess; output: () => string; stop: () => Promise<void> };

export async function waitForPort(port: number, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await answers(port)) return;
    if (Date.now() > until) throw new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function run(command: string, args: string[], options: { env?: NodeJS.ProcessEnv } = {}): { process: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], env: options.env ?? process.env });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { process: child, output: () => output, exited };
}

async function stopProcess(child: ChildProcess, exited: Promise<unknown>, signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill(signal);
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

const PGBOUNCER = ["/usr/sbin/pgbouncer", "/usr/bin/pgbouncer"].find((file) => existsSync(file));

export type PgBouncerOptions = { upstream: string; /** Pool size per database/user pair. */ poolSize?: number };

/**
 * PgBouncer in transaction mode (how most multi-instance deployments reach PostgreSQL), in front
 * of the database and user of `upstream`. Clients connect to `url` with the same user and
 * database (PgBouncer's `auth_type = any`: it logs in upstream with the configured password).
 */
export async function startPgBouncer({ upstream, poolSize = 20 }: PgBouncerOptions): Promise<Service & { url: string }> {
  if (!PGBOUNCER) throw new Error("pgbouncer is not installed (Debian: apt-get install -y pgbouncer); .ci/run installs it.");
  const target = new URL(upstream);
  const database = target.pathname.slice(1);
  const port = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), "atrium-pgbouncer-"));
  const ini = path.join(dir, "pgbouncer.ini");
  const password = decodeURIComponent(target.password).replace(/'/g, "''");
  writeFileSync(
    ini,
    [
      "[databases]",
      `${database} = host=${target.hostname} port=${target.port || 5432} dbname=${database} user=${decodeURIComponent(target.username)} password='${password}'`,
      "[pgbouncer]",
      "listen_addr = 127.0.0.1",
      `listen_port = ${port}`,
      "unix_socket_dir =",
      "auth_type = any",
      "pool_mode = transaction",
      `default_pool_size = ${poolSize}`,
      "max_client_conn = 500",
      "server_reset_query =",
      // The runtime role may read the admin console (SHOW POOLS...): what the cluster test prints when it fails.
      `stats_users = ${decodeURIComponent(target.username)}`,
      "",
    ].join("\n"),
  );
  chmodSync(dir, 0o755);
  chmodSync(ini, 0o644);
  // PgBouncer refuses to run as root; as root (CI, this machine) it runs as nobody.
  const asRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const started = asRoot
    ? run("setpriv", ["--reuid=nobody", "--regid=nogroup", "--clear-groups", PGBOUNCER, ini])
    : run(PGBOUNCER, [ini]);
  try {
    await waitForPort(port);
  } catch (error) {
    throw new Error(`pgbouncer did not start: ${String(error)}\n${started.output()}`);
  }
  const url = new URL(upstream);
  url.hostname = "127.0.0.1";
  url.port = String(port);
  return {
    port,
    url: url.toString(),
    process: started.process,
    output: started.output,
    stop: async () => {
      await stopProcess(started.process, started.exited, "SIGINT");
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A private redis-server on a free port (nothing kept on disk). */
export async function startRedis(): Promise<{ port: number; url: string; stop: () => Promise<void> }> {
  const redis = privateRedis(await freePort());
  await redis.start();
  return { port: redis.port, url: redis.url, stop: () => redis.kill() };
}

export { run as runProcess, stopProcess };
