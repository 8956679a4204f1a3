// `npm test`: typecheck, lint, unit + integration tests (real PostgreSQL), production build,
// the cluster test (two instances, a worker, PgBouncer, Redis), then the browser tests
// (Playwright + Debian Chromium) against the built standalone server (`npm start`).
import { spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };

function run(label: string, command: string, args: string[]): void {
  process.stdout.write(`\n=== ${label}: ${command} ${args.join(" ")}\n`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: "inherit", env });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    process.stderr.write(`\n✗ ${label} failed after ${seconds}s\n`);
    process.exit(result.status ?? 1);
  }
  process.stdout.write(`✓ ${label} (${seconds}s)\n`);
}

/**
 * What the browser and cluster tests run besides Node: Debian's chromium, pgbouncer and
 * redis-server. Installed with apt when missing and running as root (CI); otherwise a clear stop.
 */
function ensureSystemPackages(): void {
  const needed = [
    { file: CHROMIUM, pkg: "chromium" },
    { file: "/usr/sbin/pgbouncer", pkg: "pgbouncer" },
    { file: "/usr/bin/redis-server", pkg: "redis-server" },
  ].filter(({ file }) => !existsSync(file));
  if (!needed.length) return;
  const packages = needed.map((n) => n.pkg).join(" ");
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (isRoot && existsSync("/usr/bin/apt-get")) {
    run(`install ${packages}`, "bash", ["-c", `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${packages} >/dev/null`]);
    return;
  }
  process.stderr.write(`Missing ${needed.map((n) => n.file).join(", ")}. Install Debian's ${packages} (apt-get install -y ${packages}); CHROMIUM_PATH may point elsewhere.\n`);
  process.exit(1);
}

const only = process.argv[2];
const bin = (name: string) => `node_modules/.bin/${name}`;

if (!only || only === "static") {
  run("typecheck", bin("tsc"), ["--noEmit"]);
  run("lint", bin("eslint"), ["."]);
}
if (!only || only === "unit") run("unit and integration tests", bin("vitest"), ["run"]);
if (!only || only === "e2e" || only === "cluster") {
  ensureSystemPackages();
  // `npm run build`, not `next build` alone: its postbuild step completes the standalone server.
  run("production build", "npm", ["run", "build"]);
}
if (!only || only === "cluster") run("cluster test (2 instances, worker, PgBouncer, Redis)", bin("vitest"), ["run", "--config", "vitest.cluster.config.ts"]);
if (!only || only === "e2e") {
  rmSync(".data/e2e", { recursive: true, force: true });
  rmSync("e2e/artifacts", { recursive: true, force: true });
  run("browser tests", bin("playwright"), ["test"]);
}
process.stdout.write("\nAll checks passed.\n");
