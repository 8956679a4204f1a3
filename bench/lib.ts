import autocannon from "autocannon";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { EMBEDDED_PASSWORDS } from "../scripts/lib/database";

export type Result = { label: string; rps: number; p50: number; p95: number; p99: number; errors: number; non2xx: number };

/** `npm run build` when there is no production build yet (the benchmarks measure `npm start`, which never builds). */
export function ensureBuild(): void {
  if (existsSync(".next/standalone/server.js") && existsSync(".next/standalone/.next/static")) return;
  const build = spawnSync("npm", ["run", "build"], { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (build.status !== 0) throw new Error("npm run build failed");
}

/** With BENCH_CPU_PROFILE=<dir>, the Next.js server writes a CPU profile of the run there (bench/cpu-profile.mjs). */
function profiling(): Record<string, string> {
  const dir = process.env.BENCH_CPU_PROFILE;
  if (!dir) return {};
  const hook = path.resolve("bench/cpu-profile.mjs");
  return { BENCH_CPU_PROFILE: path.resolve(dir), NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --import ${JSON.stringify(pathToFileURL(hook).href)}`.trim() };
}

/** Starts `npm start`'s launcher on a fresh embedded database (building first if needed); resolves when it answers. */
export async function startServer(port: number, pgPort: number, extraEnv: Record<string, string> = {}): Promise<{ child: ChildProcess; stop: () => Promise<void>; appUrl: string }> {
  ensureBuild();
  const dataDir = `.data/bench-${port}`;
  rmSync(dataDir, { recursive: true, force: true });
  const child = spawn("node", ["--conditions=react-server", "--import", "tsx", "scripts/launch.ts", "start", "--port", String(port)], {
    env: { ...process.env, ATRIUM_SEED: "1", ATRIUM_DATA_DIR: dataDir, ATRIUM_PG_PORT: String(pgPort), ROOT_DOMAIN: `localhost:${port}`, LOG_LEVEL: "warn", NEXT_TELEMETRY_DISABLED: "1", ATRIUM_SINGLE_INSTANCE: "1", ...profiling(), ...extraEnv },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const deadline = Date.now() + 240_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error("server exited before it was ready");
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (res.ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error("server did not start in time");
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    child,
    appUrl: `postgres://atrium_app:${EMBEDDED_PASSWORDS.app}@127.0.0.1:${pgPort}/atrium`,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => {
          rmSync(dataDir, { recursive: true, force: true });
          resolve();
        });
        child.kill("SIGTERM");
      }),
  };
}

/**
 * CPU seconds used so far by the processes under `rootPid` (the launcher), split into PostgreSQL's
 * (the embedded server and its backends) and the rest (the Next.js server), from /proc (Linux; null
 * elsewhere). Read before and after a run, it says where a request's time went.
 */
export function cpuSecondsUnder(rootPid: number): { app: number; postgres: number } | null {
  if (!existsSync("/proc/self/stat")) return null;
  const procs = new Map<number, { ppid: number; comm: string; seconds: number }>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue; // exited meanwhile
    }
    // pid (comm) state ppid … utime stime: fields 14 and 15, counted after the closing parenthesis.
    const close = stat.lastIndexOf(")");
    const fields = stat.slice(close + 2).split(" ");
    procs.set(Number(entry), { comm: stat.slice(stat.indexOf("(") + 1, close), ppid: Number(fields[1]), seconds: (Number(fields[11]) + Number(fields[12])) / 100 });
  }
  const under = (pid: number): boolean => {
    for (let p = procs.get(pid), hops = 0; p && hops < 10; p = procs.get(p.ppid), hops++) if (p.ppid === rootPid) return true;
    return false;
  };
  const total = { app: 0, postgres: 0 };
  for (const [pid, p] of procs) {
    if (!under(pid)) continue;
    if (p.comm.startsWith("postgres")) total.postgres += p.seconds;
    else total.app += p.seconds;
  }
  return total;
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export type MeasureOptions = Omit<autocannon.Options, "url" | "duration" | "connections"> & { connections?: number };

/** Runs autocannon and computes p50 / p95 / p99 from every response time (ms). */
export function measure(label: string, url: string, host: string, seconds: number, options: MeasureOptions = {}): Promise<Result & { completed: number }> {
  const latencies: number[] = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      { url, duration: seconds, connections: options.connections ?? 16, timeout: 10, ...options, headers: { host, ...options.headers } },
      (error, result) => {
        if (error) return reject(error);
        latencies.sort((a, b) => a - b);
        resolve({
          label,
          rps: result.requests.total / (result.duration || seconds),
          p50: Math.round(percentile(latencies, 50) * 10) / 10,
          p95: Math.round(percentile(latencies, 95) * 10) / 10,
          p99: Math.round(percentile(latencies, 99) * 10) / 10,
          errors: result.errors + result.timeouts,
          non2xx: result.non2xx,
          completed: result["2xx"],
        });
      },
    );
    instance.on("response", (_client: unknown, _status: number, _bytes: number, time: number) => latencies.push(time));
  });
}

export function printTable(rows: Result[]): void {
  const header = ["case", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors", "non-2xx"];
  const lines = rows.map((r) => [r.label, r.rps.toFixed(0), String(r.p50), String(r.p95), String(r.p99), String(r.errors), String(r.non2xx)]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cols: string[]) => cols.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  console.log(fmt(header));
  for (const l of lines) console.log(fmt(l));
}

/** One target of issue 10's table: a figure, its baseline in the same run, and the goal. */
export type Target = {
  figure: string;
  value: number;
  unit: string;
  /** The same-run baseline the value is compared with (omit for absolute targets). */
  baseline?: { label: string; value: number };
  /** For ratios: the minimum (or maximum, with `atMost`) value / baseline. For absolute targets: the bound on value. */
  goal: number;
  atMost?: boolean;
  /** Extra figures printed beside it (p99 and the like). */
  note?: string;
};

function met(t: Target): { measured: number; ok: boolean } {
  const measured = t.baseline ? t.value / (t.baseline.value || Number.NaN) : t.value;
  return { measured, ok: t.atMost ? measured <= t.goal : measured >= t.goal };
}

/**
 * Prints the targets as a table (figure, value, baseline, ratio, target, verdict) and sets a
 * non-zero exit code when one is missed. Every bench part ends with this.
 */
export function reportTargets(title: string, targets: Target[]): boolean {
  const fmt = (n: number) => (Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 10 ? n.toFixed(1) : n.toFixed(2));
  const header = ["figure", "value", "baseline", "ratio", "target", ""];
  const lines = targets.map((t) => {
    const { measured, ok } = met(t);
    return [
      t.figure,
      `${fmt(t.value)} ${t.unit}`,
      t.baseline ? `${fmt(t.baseline.value)} ${t.unit} (${t.baseline.label})` : "—",
      t.baseline ? `${measured.toFixed(2)}×` : "—",
      `${t.atMost ? "≤" : "≥"} ${t.baseline ? `${t.goal}×` : `${fmt(t.goal)} ${t.unit}`}`,
      ok ? "ok" : "MISSED",
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  console.log(`\n${title}`);
  console.log(header.map((h, i) => h.padEnd(widths[i]!)).join("  "));
  lines.forEach((l, i) => {
    console.log(l.map((c, j) => c.padEnd(widths[j]!)).join("  "));
    if (targets[i]!.note) console.log(`  ${targets[i]!.note}`);
  });
  const allOk = targets.every((t) => met(t).ok);
  if (!allOk) process.exitCode = 1;
  return allOk;
}

/** Runs a bench part's main: an error is printed and fails the part. */
export function runBench(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
