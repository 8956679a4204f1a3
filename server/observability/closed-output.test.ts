import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const dir = mkdtempSync(path.join(os.tmpdir(), "atrium-closed-output-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A process that logs every 20 ms and prints uncaught exceptions with console.error (as Next.js
// does) loses its output pipe; a second later it records how many uncaught exceptions it had.
const child = `
import { writeFileSync } from "node:fs";
import { keepRunningWhenOutputCloses } from ${JSON.stringify(path.resolve("server/observability/closed-output.ts"))};
if (process.env.INSTALL === "1") keepRunningWhenOutputCloses();
let uncaught = 0;
process.on("uncaughtException", (error) => {
  uncaught++;
  console.error(error);
});
process.stdout.write("ready\\n");
setInterval(() => process.stdout.write("a log line\\n"), 20);
setTimeout(() => {
  writeFileSync(process.env.OUT, String(uncaught));
  process.exit(0);
}, 1300);
`;

async function runWithClosedOutput(install: boolean): Promise<{ code: number | null; uncaught: number }> {
  const script = path.join(dir, "child.mjs");
  writeFileSync(script, child);
  const out = path.join(dir, `uncaught-${install}`);
  const proc = spawn(process.execPath, ["--import", "tsx", script], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, INSTALL: install ? "1" : "0", OUT: out } });
  const exited = new Promise<number | null>((resolve) => proc.once("exit", resolve));
  const started = await Promise.race([new Promise<true>((resolve) => proc.stdout!.once("data", () => resolve(true))), exited]);
  if (started !== true) throw new Error(`the child exited (${String(started)}) before it wrote anything`);
  // The reader goes away.
  proc.stdout!.destroy();
  proc.stderr!.destroy();
  const code = await exited;
  return { code, uncaught: Number(readFileSync(out, "utf8")) };
}

describe("output whose reader went away", () => {
  it("is ignored: the process stays quiet and alive instead of spinning on its own EPIPE errors", async () => {
    const closed = await runWithClosedOutput(true);
    expect(closed.code).toBe(0);
    expect(closed.uncaught).toBe(0);
  }, 20_000);

  it("without it, the same process spins (what the check above guards against)", async () => {
    const spinning = await runWithClosedOutput(false);
    // Each printed error fails again, and is printed again: a loop, not one error per log line.
    expect(spinning.uncaught).toBeGreaterThan(200);
  }, 20_000);
});
