import { spawn, type ChildProcess } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import PgBoss from "pg-boss";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../scripts/lib/free-port";
import { createTestQueue, waitFor } from "./job-queues";

// The job queue through PgBouncer in transaction mode (Debian's pgbouncer 1.18: no protocol-level
// prepared statements, no session state kept between transactions): enqueueing, schedules,
// fetching, completing, failing with retries, and maintenance all work, because pg-boss polls and
// keeps nothing in the session. Skipped where pgbouncer is not installed (`apt-get install pgbouncer`).

const PGBOUNCER = "/usr/sbin/pgbouncer";
const { JobRunner } = await import("../server/jobs/job-runner");
type JobKind = import("../server/jobs/job-runner").JobKind;

/** pgbouncer refuses to run as root: it then runs as `nobody`, which must own its directory. */
function nobodyUid(): number | null {
  if (process.getuid?.() !== 0) return null;
  const line = readFileSync("/etc/passwd", "utf8").split("\n").find((l) => l.startsWith("nobody:"));
  return line ? Number(line.split(":")[2]) : null;
}

async function startPgBouncer(databaseUrl: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const target = new URL(databaseUrl);
  const dir = mkdtempSync(path.join(tmpdir(), "atrium-pgbouncer-"));
  const port = await freePort();
  const database = target.pathname.slice(1);
  writeFileSync(
    path.join(dir, "pgbouncer.ini"),
    [
      "[databases]",
      `${database} = host=${target.hostname} port=${target.port || 5432} dbname=${database} user=${decodeURIComponent(target.username)} password=${decodeURIComponent(target.password)}`,
      "[pgbouncer]",
      "listen_addr = 127.0.0.1",
      `listen_port = ${port}`,
      `unix_socket_dir = ${dir}`,
      "auth_type = any",
      "pool_mode = transaction",
      "default_pool_size = 4",
      `logfile = ${path.join(dir, "pgbouncer.log")}`,
      `pidfile = ${path.join(dir, "pgbouncer.pid")}`,
    ].join("\n"),
  );
  const uid = nobodyUid();
  if (uid !== null) chownSync(dir, uid, -1);
  const child: ChildProcess = spawn(PGBOUNCER, [...(uid !== null ? ["-u", "nobody"] : []), path.join(dir, "pgbouncer.ini")], { stdio: "ignore" });
  const log = () => (existsSync(path.join(dir, "pgbouncer.log")) ? readFileSync(path.join(dir, "pgbouncer.log"), "utf8") : "");
  await waitFor(() => log().includes("process up"), 10_000, "pgbouncer to start");
  return {
    url: `postgres://${target.username}:${target.password}@127.0.0.1:${port}/${database}`,
    stop: async () => {
      child.kill("SIGTERM");
      await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once("exit", resolve)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe.skipIf(!existsSync(PGBOUNCER))("the job queue behind PgBouncer (transaction mode)", () => {
  let bouncer: Awaited<ReturnType<typeof startPgBouncer>> | undefined;
  afterAll(() => bouncer?.stop());

  it("schedules, runs, retries and maintains jobs", async () => {
    bouncer = await startPgBouncer(process.env.DATABASE_URL!);
    const cronQueue = `test-pgb-cron-${Date.now()}`;
    const failingQueue = `test-pgb-fail-${Date.now()}`;
    await createTestQueue(cronQueue);
    await createTestQueue(failingQueue, { retryLimit: 1, retryDelay: 1, retryBackoff: true });

    // Not across a minute boundary: the next minute is a new occurrence of "* * * * *".
    if (new Date().getUTCSeconds() >= 45) await new Promise((resolve) => setTimeout(resolve, (61 - new Date().getUTCSeconds()) * 1000));
    const boss = new PgBoss({ connectionString: bouncer.url, schema: "pgboss", migrate: false, schedule: false, supervise: false, max: 4 });
    const errors: Error[] = [];
    boss.on("error", (error) => errors.push(error));
    await boss.start();
    let scheduledRuns = 0;
    let failures = 0;
    const kinds: JobKind[] = [
      { queue: cronQueue, cron: "* * * * *", concurrency: 2, handler: async () => void scheduledRuns++ },
      {
        queue: failingQueue,
        cron: null,
        concurrency: 1,
        handler: async () => {
          failures++;
          throw new Error("always fails");
        },
      },
    ];
    const runner = new JobRunner(boss, kinds, { pollIntervalMs: 50, scheduling: true }).start();
    const failing = (await boss.send(failingQueue, {}))!;
    await waitFor(() => scheduledRuns === 1 && failures === 2, 15_000, "the scheduled run and a retried failure");
    await waitFor(async () => (await boss.getJobById(failingQueue, failing))?.state === "failed", 5_000, "the failure to be final");
    await boss.maintain();
    expect(await runner.stop(2_000)).toEqual({ handedBack: 0 });
    expect(await runner.schedule()).toEqual([]);
    await boss.stop({ graceful: false });
    expect(errors).toEqual([]);
    expect(scheduledRuns).toBe(1);
  });
});
