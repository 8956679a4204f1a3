import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { afterAll, describe, expect, it, vi } from "vitest";
import { freePort } from "../../scripts/lib/free-port";
import { makeTenant, makeUser, TEST_META } from "../../test/factories";
import { createTestQueue, otherProcessQueue, sleep, waitFor } from "../../test/job-queues";

// SMTP that refuses connections: the email-send job fails while the other kinds go on.
process.env.SMTP_URL = `smtp://127.0.0.1:${await freePort()}`;

const { sql } = await import("drizzle-orm");
const { getDb } = await import("../db/client");
const { logger } = await import("../logger");
const { getJobQueue } = await import("./job-queue");
const { JobRunner } = await import("./job-runner");
const { allJobKinds } = await import("./handlers");
const { listJobOverview } = await import("./list-job-overview");
const { retryFailedJob } = await import("./retry-failed-job");
const { occurrenceId, latestOccurrence } = await import("./schedule-due-jobs");
const { runDueJobs } = await import("./run-due-jobs");
type JobKind = import("./job-runner").JobKind;

// Superuser: reads past row-level security.
const owner = postgres(process.env.TEST_ADMIN_URL!, { max: 1, onnotice: () => {} });
afterAll(() => owner.end({ timeout: 5 }));

const name = (prefix: string) => `test-${prefix}-${randomBytes(3).toString("hex")}`;
const quick = { pollIntervalMs: 50, scheduling: false };

async function jobRow(queue: string, id: string) {
  const [row] = await owner<{ state: string; retry_count: number; output: { message?: string } | null; start_after: Date }[]>`
    select state, retry_count, output, start_after from pgboss.job where name = ${queue} and id = ${id}`;
  return row;
}

describe("job queues", () => {
  it("retries a failing job with growing delays, then completes it", async () => {
    const queue = name("retry");
    await createTestQueue(queue, { retryLimit: 2, retryDelay: 1, retryBackoff: true });
    const attempts: number[] = [];
    const kind: JobKind = {
      queue,
      cron: null,
      concurrency: 1,
      handler: async () => {
        attempts.push(Date.now());
        if (attempts.length < 3) throw new Error(`boom ${attempts.length}`);
        return { ok: true };
      },
    };
    const boss = await getJobQueue();
    const runner = new JobRunner(boss, [kind], quick).start();
    const id = (await boss.send(queue, {}))!;
    await waitFor(async () => (await jobRow(queue, id))?.state === "retry", 5_000, "the first failure");
    const afterFirst = (await jobRow(queue, id))!;
    expect(afterFirst.output?.message).toBe("boom 1");
    expect(afterFirst.start_after.getTime()).toBeGreaterThan(Date.now());
    await waitFor(async () => (await jobRow(queue, id))?.state === "completed", 15_000, "completion");
    await runner.stop(1_000);
    expect(attempts).toHaveLength(3);
    expect((await jobRow(queue, id))!.retry_count).toBe(2);
    // Backoff: the first retry waits at least retryDelay (1 s), the second at least twice that.
    expect(attempts[1]! - attempts[0]!).toBeGreaterThanOrEqual(950);
    expect(attempts[2]! - attempts[1]!).toBeGreaterThanOrEqual(1_950);
  });

  it("enqueues a schedule's occurrence once and runs it once, with two worker processes on one database", async () => {
    const queue = name("cron");
    await createTestQueue(queue);
    // Not across a minute boundary: the next minute is a new occurrence of "* * * * *".
    if (new Date().getUTCSeconds() >= 50) await sleep((61 - new Date().getUTCSeconds()) * 1000);
    let runs = 0;
    const kind: JobKind = { queue, cron: "* * * * *", concurrency: 2, handler: async () => void runs++ };
    const [a, b] = [await getJobQueue(), await otherProcessQueue()];
    const runners = [new JobRunner(a, [kind], { pollIntervalMs: 50, scheduling: true }), new JobRunner(b, [kind], { pollIntervalMs: 50, scheduling: true })];
    runners.forEach((r) => r.start());
    await waitFor(() => runs > 0, 10_000, "the scheduled run");
    // Both keep scheduling and polling; the occurrence stays one job.
    for (let i = 0; i < 3; i++) {
      expect([...(await runners[0]!.schedule()), ...(await runners[1]!.schedule())]).toEqual([]);
      await sleep(100);
    }
    await Promise.all(runners.map((r) => r.stop(1_000)));
    await b.stop({ graceful: false });
    expect(runs).toBe(1);
    const rows = await owner<{ id: string; state: string }[]>`select id::text, state from pgboss.job where name = ${queue}`;
    expect(rows).toEqual([{ id: occurrenceId(queue, latestOccurrence("* * * * *", new Date())), state: "completed" }]);
  });

  it("one job kind failing does not stop the others (SMTP down: email fails, the lifecycle sweep and pruning still run)", async () => {
    const { tenant } = await makeTenant();
    await getDb().execute(sql`insert into email_outbox (dedupe_key, to_address, subject, body_text) values (${`jobs-test-${tenant.id}`}, 'someone@example.test', 'Hello', 'Body')`);
    const kinds = allJobKinds().filter((k) => ["email-send", "lifecycle-sweep", "prune-rate-limits"].includes(k.queue));
    const summary = await runDueJobs({ budgetMs: 10_000, kinds });
    expect(summary.scheduled.sort()).toEqual(["email-send", "lifecycle-sweep", "prune-rate-limits"]);
    expect(summary.failed["email-send"]).toBeGreaterThanOrEqual(1);
    expect(summary.completed["lifecycle-sweep"]).toBe(1);
    expect(summary.completed["prune-rate-limits"]).toBe(1);
    const [emailJob] = await owner<{ state: string; output: { message: string } }[]>`
      select state, output from pgboss.job where name = 'email-send' and state = 'retry' order by created_on desc limit 1`;
    expect(emailJob!.output.message).toMatch(/could not be sent.*ECONNREFUSED/);
  });

  it("a stopping worker lets the running job finish; past its timeout the job goes back to the queue", async () => {
    const queue = name("stop");
    await createTestQueue(queue, { retryLimit: 3, retryDelay: 60 });
    const boss = await getJobQueue();
    const slow = (ms: number): JobKind => ({ queue, cron: null, concurrency: 1, handler: () => sleep(ms).then(() => ({ slept: ms })) });

    const finishes = new JobRunner(boss, [slow(400)], quick).start();
    const first = (await boss.send(queue, {}))!;
    await waitFor(async () => (await jobRow(queue, first))?.state === "active", 5_000, "the job to start");
    expect(await finishes.stop(5_000)).toEqual({ handedBack: 0 });
    expect((await jobRow(queue, first))!.state).toBe("completed");

    // Handed back at once (no retry delay), another worker takes it while the first handler still runs.
    const again = name("handback");
    await createTestQueue(again, { retryLimit: 3, retryDelay: 0 });
    const slowOn = (ms: number): JobKind => ({ queue: again, cron: null, concurrency: 1, handler: () => sleep(ms).then(() => ({ slept: ms })) });
    const cutOff = new JobRunner(boss, [slowOn(1_000)], quick).start();
    const second = (await boss.send(again, {}))!;
    await waitFor(async () => (await jobRow(again, second))?.state === "active", 5_000, "the job to start");
    expect(await cutOff.stop(100)).toEqual({ handedBack: 1 });
    expect((await jobRow(again, second))!.output?.message).toMatch(/worker stopped/);
    const other = new JobRunner(boss, [slowOn(2_500)], quick).start();
    await waitFor(async () => (await jobRow(again, second))?.state === "active", 5_000, "another worker to take it");
    // Handing back counted no attempt.
    expect((await jobRow(again, second))!.retry_count).toBe(0);
    // The first handler finishes meanwhile and records nothing: the job is the other worker's now.
    await sleep(1_200);
    expect((await jobRow(again, second))!.state).toBe("active");
    expect(await other.stop(5_000)).toEqual({ handedBack: 0 });
    expect((await jobRow(again, second))!.state).toBe("completed");
  });

  it("handing a job back again and again uses up none of its retries", async () => {
    const queue = name("handback-many");
    await createTestQueue(queue, { retryLimit: 1, retryDelay: 0 });
    const boss = await getJobQueue();
    let runs = 0;
    const kind: JobKind = { queue, cron: null, concurrency: 1, handler: async () => (++runs <= 3 ? void (await sleep(1_000)) : { done: true }) };
    const id = (await boss.send(queue, {}))!;
    for (let cut = 1; cut <= 3; cut++) {
      const runner = new JobRunner(boss, [kind], quick).start();
      await waitFor(() => runs === cut, 5_000, `run ${cut} to start`);
      expect(await runner.stop(50)).toEqual({ handedBack: 1 });
      const row = (await jobRow(queue, id))!;
      expect(row.state).toBe("retry");
      expect(row.start_after.getTime()).toBeLessThanOrEqual(Date.now());
    }
    const last = new JobRunner(boss, [kind], quick).start();
    await waitFor(async () => (await jobRow(queue, id))?.state === "completed", 5_000, "completion");
    await last.stop(1_000);
    expect((await jobRow(queue, id))!.retry_count).toBe(0);
  });

  it("a handler that outlives its job's expiry settles nothing: the run belongs to the worker that fetched it again", async () => {
    for (const outcome of ["completes", "fails"] as const) {
      const queue = name(`late-${outcome}`);
      await createTestQueue(queue, { retryLimit: 3, retryDelay: 0, expireInSeconds: 1 });
      const boss = await getJobQueue();
      const late: JobKind = {
        queue,
        cron: null,
        concurrency: 1,
        handler: () => sleep(2_500).then(() => (outcome === "fails" ? Promise.reject(new Error("late failure")) : { by: "late" })),
      };
      const id = (await boss.send(queue, {}))!;
      const first = new JobRunner(boss, [late], quick);
      const lateRun = first.runOne(late);
      await waitFor(async () => (await jobRow(queue, id))?.state === "active", 5_000, "the first run");
      await sleep(1_200);
      await boss.maintain(); // expires the first run: the job is due again
      expect((await jobRow(queue, id))!.state).toBe("retry");
      const second: JobKind = { ...late, handler: () => sleep(2_500).then(() => ({ by: "second" })) };
      const secondRun = new JobRunner(boss, [second], quick).runOne(second);
      await waitFor(async () => (await jobRow(queue, id))?.state === "active", 5_000, "the second run");
      expect(await lateRun).toBe(true);
      // The late handler finished while the second run goes on: nothing recorded.
      expect((await jobRow(queue, id))!).toMatchObject({ state: "active", retry_count: 1 });
      expect(first.summary).toEqual({ completed: {}, failed: {} });
      expect(await secondRun).toBe(true);
      expect((await jobRow(queue, id))!).toMatchObject({ state: "completed", output: { by: "second" } });
    }
  });

  it("the runtime role cannot create queues or read what it does not use", async () => {
    const boss = await getJobQueue();
    await expect(boss.createQueue("not-allowed", { name: "not-allowed" })).rejects.toThrow(/permission denied/);
    await expect(getDb().execute(sql`select * from pgboss.schedule`)).rejects.toMatchObject({ cause: { code: "42501" } });
  });
});

describe("failed jobs for operators", () => {
  it("lists a failed job with its error and attempts; an operator's retry runs it again and is audited", async () => {
    const { tenant } = await makeTenant();
    const operator = await makeUser("Operator");
    const boss = await getJobQueue();
    let fail = true;
    const kind: JobKind = {
      queue: "prune-exports",
      cron: null,
      concurrency: 1,
      handler: async () => {
        if (fail) throw new Error("storage unreachable");
        return { deleted: 0 };
      },
    };
    const id = (await boss.send("prune-exports", { tenantId: tenant.id }, { retryLimit: 0, singletonKey: `t-${id8()}` }))!;
    const runner = new JobRunner(boss, [kind], quick);
    expect(await runner.runOne(kind)).toBe(true);
    expect((await jobRow("prune-exports", id))!.state).toBe("failed");

    const overview = await listJobOverview();
    const listed = overview.failed.find((j) => j.id === id)!;
    expect(listed).toMatchObject({ queue: "prune-exports", error: "storage unreachable", attempts: 1, data: { tenantId: tenant.id } });
    expect(overview.queues.find((q) => q.queue === "prune-exports")!.failed).toBeGreaterThanOrEqual(1);

    await expect(retryFailedJob({ queue: "prune-exports", jobId: id, reason: "x", actorUserId: operator.id, meta: TEST_META })).rejects.toThrow(/at least 3 characters/);
    await expect(retryFailedJob({ queue: "no-such-queue", jobId: id, reason: "storage is back", actorUserId: operator.id, meta: TEST_META })).rejects.toThrow(/Unknown queue/);

    await retryFailedJob({ queue: "prune-exports", jobId: id, reason: "storage is back", actorUserId: operator.id, meta: TEST_META });
    expect((await jobRow("prune-exports", id))!.state).toBe("retry");
    fail = false;
    expect(await runner.runOne(kind)).toBe(true);
    expect((await jobRow("prune-exports", id))!.state).toBe("completed");

    const [logged] = await owner<{ action: string; reason: string; target: string; target_tenant_id: string; actor_user_id: string; metadata: Record<string, unknown> }[]>`
      select action, reason, target, target_tenant_id, actor_user_id, metadata from operator_audit_events where target = ${`job:prune-exports/${id}`}`;
    expect(logged).toMatchObject({ action: "job.retried", reason: "storage is back", target_tenant_id: tenant.id, actor_user_id: operator.id });
    // The error's class, never its message (kept for good; messages may name people).
    expect(logged!.metadata).toEqual({ jobId: id, queue: "prune-exports", errorClass: "Error" });
    const [inWorkspace] = await owner<{ action: string; actor_user_id: string | null; metadata: Record<string, unknown> }[]>`
      select action, actor_user_id, metadata from audit_events where tenant_id = ${tenant.id} and action = 'job.retried'`;
    expect(inWorkspace).toMatchObject({ action: "job.retried", actor_user_id: null });
    expect(inWorkspace!.metadata).toEqual({ jobId: id, queue: "prune-exports", errorClass: "Error", by: "platform support", reason: "storage is back" });
    expect(JSON.stringify([logged, inWorkspace])).not.toContain("storage unreachable");

    // Not failed any more: nothing to retry, nothing audited.
    await expect(retryFailedJob({ queue: "prune-exports", jobId: id, reason: "again", actorUserId: operator.id, meta: TEST_META })).rejects.toMatchObject({ code: "NOT_FOUND" });
    // The runtime role can add to the operator log, never change it.
    await expect(getDb().execute(sql`delete from operator_audit_events`)).rejects.toMatchObject({ cause: { code: "42501" } });
  });
});

describe("a slow job", () => {
  it("is logged once while it runs, with the step it is in", async () => {
    const queue = name("slow");
    await createTestQueue(queue, { retryLimit: 0 });
    const kind: JobKind = { queue, cron: null, concurrency: 1, handler: () => sleep(400).then(() => ({ ok: true })) };
    const boss = await getJobQueue();
    const id = (await boss.send(queue, {}))!;
    const warn = vi.spyOn(logger, "warn");
    try {
      expect(await new JobRunner(boss, [kind], { ...quick, slowJobMs: 100 }).runOne(kind)).toBe(true);
      const slow = warn.mock.calls.filter(([message]) => message === "job runner: a job is still running");
      expect(slow).toHaveLength(1);
      expect(slow[0]![1]).toMatchObject({ queue, jobId: id, step: "handler" });
    } finally {
      warn.mockRestore();
    }
    expect((await jobRow(queue, id))!.state).toBe("completed");
  });
});

function id8(): string {
  return randomBytes(4).toString("hex");
}
