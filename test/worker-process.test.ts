import { spawn } from "node:child_process";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { waitFor } from "./job-queues";

// `npm run worker` as a real process: it runs the queues (jobs enqueued by other processes
// included), and SIGTERM stops it cleanly with exit code 0.

const admin = postgres(process.env.TEST_ADMIN_URL!, { max: 1, onnotice: () => {} });
afterAll(() => admin.end({ timeout: 5 }));

function startWorker(args: string[] = []) {
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/worker.ts", ...args], {
    env: { ...process.env, JOBS_POLL_INTERVAL_MS: "200", JOBS_CRON_BUDGET_MS: "5000", LOG_LEVEL: "info" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, exited, output: () => output };
}

const completed = async (queue: string, id?: string) =>
  (await admin`select 1 from pgboss.job where name = ${queue} and state = 'completed' ${id ? admin`and id = ${id}` : admin``}`).length > 0;

describe("npm run worker", () => {
  it("works the queues in its own process and exits 0 on SIGTERM", async () => {
    const worker = startWorker();
    try {
      await waitFor(() => worker.output().includes("worker running"), 30_000, `the worker to start:\n${worker.output()}`);
      await waitFor(() => completed("lifecycle-sweep"), 15_000, "a scheduled job to run");
      // A job another process enqueues (as a web instance with JOBS_IN_PROCESS=false does).
      const [job] = await admin<{ id: string }[]>`
        insert into pgboss.job (name, data, policy) values ('prune-auth-tokens', '{}', 'short') returning id::text`;
      await waitFor(() => completed("prune-auth-tokens", job!.id), 10_000, "the enqueued job to run");
      worker.child.kill("SIGTERM");
      expect(await worker.exited).toBe(0);
      expect(worker.output()).toContain("background job workers stopped");
    } finally {
      if (worker.child.exitCode === null) worker.child.kill("SIGKILL");
    }
  });

  it("--once does one pass (due schedules, then queued jobs) and exits", async () => {
    const worker = startWorker(["--once"]);
    expect(await worker.exited).toBe(0);
    expect(worker.output()).toMatch(/one pass: \{.*"scheduled"/);
  });
});
