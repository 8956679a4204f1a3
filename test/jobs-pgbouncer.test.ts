import { existsSync } from "node:fs";
import PgBoss from "pg-boss";
import { afterAll, describe, expect, it } from "vitest";
import { startPgBouncer } from "./cluster/services";
import { createTestQueue, waitFor } from "./job-queues";

// The job queue through PgBouncer in transaction mode (Debian's pgbouncer 1.18: no protocol-level
// prepared statements, no session state kept between transactions): enqueueing, schedules,
// fetching, completing, failing with retries, and maintenance all work, because pg-boss polls and
// keeps nothing in the session. Skipped where pgbouncer is not installed (`apt-get install pgbouncer`).

const PGBOUNCER = "/usr/sbin/pgbouncer";
const { JobRunner } = await import("../server/jobs/job-runner");
type JobKind = import("../server/jobs/job-runner").JobKind;

describe.skipIf(!existsSync(PGBOUNCER))("the job queue behind PgBouncer (transaction mode)", () => {
  let bouncer: { url: string; stop: () => Promise<void> } | undefined;
  afterAll(() => bouncer?.stop());

  it("schedules, runs, retries and maintains jobs", async () => {
    bouncer = await startPgBouncer({ upstream: process.env.DATABASE_URL!, poolSize: 4 });
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
