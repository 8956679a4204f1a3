import autocannon from "autocannon";
import { spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";

export type Result = { label: string; rps: number; p50: number; p90: number; p99: number; errors: number; non2xx: number };

/** Starts `npm start`'s launcher on a fresh embedded database; resolves when it answers. */
export async function startServer(port: number, pgPort: number): Promise<{ child: ChildProcess; stop: () => Promise<void> }> {
  const dataDir = `.data/bench-${port}`;
  rmSync(dataDir, { recursive: true, force: true });
  const child = spawn("node", ["--conditions=react-server", "--import", "tsx", "scripts/launch.ts", "start", "--port", String(port)], {
    env: { ...process.env, ATRIUM_DATA_DIR: dataDir, ATRIUM_PG_PORT: String(pgPort), ROOT_DOMAIN: `localhost:${port}`, LOG_LEVEL: "warn", NEXT_TELEMETRY_DISABLED: "1" },
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

export async function measure(label: string, url: string, host: string, seconds: number, connections = 16): Promise<Result> {
  const result = await autocannon({ url, duration: seconds, connections, headers: { host }, timeout: 10 });
  return {
    label,
    rps: result.requests.average,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

export function printTable(rows: Result[]): void {
  const header = ["case", "req/s", "p50 ms", "p90 ms", "p99 ms", "errors", "non-2xx"];
  const lines = rows.map((r) => [r.label, r.rps.toFixed(0), String(r.p50), String(r.p90), String(r.p99), String(r.errors), String(r.non2xx)]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cols: string[]) => cols.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  console.log(fmt(header));
  for (const l of lines) console.log(fmt(l));
}
