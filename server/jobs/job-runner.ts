import "server-only";
import type PgBoss from "pg-boss";
import { logger } from "../logger";
import { metrics } from "../metrics/metrics";
import { fetchJob, type FetchedJob } from "./fetch-job";
import { handBackJob } from "./hand-back-job";
import { onLocalEnqueue } from "./local-wake";
import { maintainJobQueue } from "./maintain-job-queue";
import { JOB_SCHEMA } from "./queues";
import { scheduleDueJobs, type Schedule } from "./schedule-due-jobs";
import { settleJob } from "./settle-job";

export type JobInput = { id: string; queue: string; data: Record<string, unknown>; attempt: number };
/** What a job does. Its result (a small summary) is stored with the job; throwing fails the job, which is then retried. */
export type JobHandler = (job: JobInput) => Promise<Record<string, unknown> | void>;
export type JobKind = { queue: string; handler: JobHandler; concurrency: number; cron: string | null };

export type RunnerOptions = {
  pollIntervalMs: number;
  /** Enqueue due schedule occurrences (every 15 s) and take part in maintenance (every minute). */
  scheduling: boolean;
  /** A job still running after this long is logged once (default a minute). */
  slowJobMs?: number;
};

export type RunSummary = { completed: Record<string, number>; failed: Record<string, number> };

const SCHEDULE_EVERY_MS = 15_000;
const MAINTAIN_EVERY_MS = 60_000;
const SLOW_JOB_MS = 60_000;

/** What a fetched job is doing, for the warning about a slow one. */
type Step = { now: "handler" | "recording the outcome" };

/** A job this runner fetched; `startedOn` (set by that fetch) tells this run from a later one of the same job. */
type Running = { queue: string; jobId: string; startedOn: Date };

/**
 * Runs jobs of some queues in this process. An idle runner asks PostgreSQL once per poll which of
 * its queues have due jobs (one cheap query over pg-boss's pending-job index, not one per queue),
 * then works each such queue with up to `concurrency` loops of fetch (FOR UPDATE SKIP LOCKED) →
 * run → complete / fail, until it is empty. Each job kind has its own queue and its own failures:
 * one that keeps failing is retried with backoff and never holds up the others.
 */
export class JobRunner {
  readonly #boss: PgBoss;
  readonly #kinds: Map<string, JobKind>;
  readonly #options: RunnerOptions;
  readonly #active = new Map<string, number>();
  readonly #drains = new Set<Promise<void>>();
  readonly #running = new Set<Running>();
  readonly #summary: RunSummary = { completed: {}, failed: {} };
  #stopping = false;
  #loop: Promise<void> | null = null;
  #wake: (() => void) | null = null;
  #unsubscribe: (() => void) | null = null;

  constructor(boss: PgBoss, kinds: readonly JobKind[], options: RunnerOptions) {
    this.#boss = boss;
    this.#kinds = new Map(kinds.map((k) => [k.queue, k]));
    this.#options = options;
  }

  get summary(): RunSummary {
    return { completed: { ...this.#summary.completed }, failed: { ...this.#summary.failed } };
  }

  /** Works the queues until stop(): polls, wakes at once when this process enqueues. */
  start(): this {
    if (this.#loop) return this;
    this.#unsubscribe = onLocalEnqueue((queue) => {
      if (this.#kinds.has(queue)) this.#wake?.();
    });
    this.#loop = this.#run();
    return this;
  }

  async #run(): Promise<void> {
    let nextSchedule = 0;
    let nextMaintenance = 0;
    // While the database is away, say so once a minute rather than at every poll.
    let failures = 0;
    let loggedAt = 0;
    while (!this.#stopping) {
      try {
        if (this.#options.scheduling && Date.now() >= nextSchedule) {
          nextSchedule = Date.now() + SCHEDULE_EVERY_MS;
          await this.schedule();
        }
        if (this.#options.scheduling && Date.now() >= nextMaintenance) {
          nextMaintenance = Date.now() + MAINTAIN_EVERY_MS;
          await maintainJobQueue(this.#boss);
        }
        await this.dispatch();
        if (failures) logger.info("job runner: polling works again", { failures });
        failures = 0;
        loggedAt = 0;
      } catch (error) {
        failures++;
        if (Date.now() - loggedAt >= 60_000) {
          loggedAt = Date.now();
          logger.error("job runner: polling failed; trying again", { failures, error });
        }
      }
      await this.#sleep(this.#options.pollIntervalMs);
    }
  }

  /** Enqueues due occurrences of this runner's schedules; returns the queues enqueued. */
  async schedule(now = new Date()): Promise<string[]> {
    const schedules: Schedule[] = [...this.#kinds.values()].filter((k) => k.cron).map((k) => ({ queue: k.queue, cron: k.cron! }));
    return scheduleDueJobs(this.#boss, schedules, now);
  }

  /** Starts working every queue that has due jobs and a free slot; returns how many loops it started. */
  async dispatch(): Promise<number> {
    const { rows } = await this.#boss.getDb().executeSql(
      `SELECT DISTINCT name FROM ${JOB_SCHEMA}.job WHERE name = ANY($1::text[]) AND state < 'active' AND start_after < now()`,
      [[...this.#kinds.keys()]],
    );
    let started = 0;
    for (const { name } of rows as { name: string }[]) {
      const kind = this.#kinds.get(name);
      while (kind && !this.#stopping && (this.#active.get(name) ?? 0) < kind.concurrency) {
        this.#startDrain(kind);
        started++;
      }
    }
    return started;
  }

  /** Works through due jobs until none are left or `deadline` (ms) passes; for the cron route. */
  async drain(deadline: number): Promise<RunSummary> {
    while (!this.#stopping && Date.now() < deadline) {
      await this.dispatch();
      if (!this.#drains.size) break;
      const wait = new Promise((resolve) => setTimeout(resolve, Math.max(0, deadline - Date.now())));
      await Promise.race([Promise.allSettled([...this.#drains]), wait]);
    }
    return this.summary;
  }

  #startDrain(kind: JobKind): void {
    this.#active.set(kind.queue, (this.#active.get(kind.queue) ?? 0) + 1);
    const drain = (async () => {
      try {
        while (!this.#stopping && (await this.runOne(kind))) {
          // keep going while the queue has due jobs
        }
      } catch (error) {
        logger.error("job runner: a queue's loop failed", { queue: kind.queue, error });
      } finally {
        this.#active.set(kind.queue, (this.#active.get(kind.queue) ?? 1) - 1);
      }
    })();
    this.#drains.add(drain);
    void drain.finally(() => this.#drains.delete(drain));
  }

  /** Fetches one due job of the queue and runs it; false when there was none. */
  async runOne(kind: JobKind): Promise<boolean> {
    const job = await fetchJob(this.#boss, kind.queue);
    if (!job) return false;
    const running: Running = { queue: kind.queue, jobId: job.id, startedOn: job.startedOn };
    const startedAt = Date.now();
    // A job far slower than usual (or an outcome that cannot be recorded) is said once, while it
    // lasts: a stuck one shows in the log long before it expires.
    const step: Step = { now: "handler" };
    const slow = setTimeout(() => logger.warn("job runner: a job is still running", { ...running, step: step.now, seconds: Math.round((Date.now() - startedAt) / 1000) }), this.#options.slowJobMs ?? SLOW_JOB_MS);
    slow.unref();
    try {
      return await this.#runFetched(kind, job, running, startedAt, step);
    } finally {
      clearTimeout(slow);
    }
  }

  async #runFetched(kind: JobKind, job: FetchedJob, running: Running, startedAt: number, step: Step): Promise<boolean> {
    this.#running.add(running);
    try {
      const output = await kind.handler({ id: job.id, queue: kind.queue, data: job.data ?? {}, attempt: job.retryCount + 1 });
      this.#running.delete(running);
      step.now = "recording the outcome";
      if (!(await this.#settle(running, { completed: output ?? {} }))) return true;
      this.#count("completed", kind.queue, startedAt);
      logger.debug("job completed", { queue: kind.queue, jobId: job.id, ms: Date.now() - startedAt });
    } catch (error) {
      this.#running.delete(running);
      step.now = "recording the outcome";
      const message = error instanceof Error ? error.message : String(error);
      if (!(await this.#settle(running, { failed: { name: error instanceof Error ? error.name : "Error", message: message.slice(0, 2000) } }))) return true;
      this.#count("failed", kind.queue, startedAt);
      const retries = job.retryLimit - job.retryCount;
      const log = retries > 0 ? logger.warn : logger.error;
      log(retries > 0 ? "job failed; it will be retried" : "job failed and will not be retried; retry it from the operator console", {
        queue: kind.queue,
        jobId: job.id,
        attempt: job.retryCount + 1,
        error,
      });
    }
    return true;
  }

  /**
   * Records the outcome of this worker's run; false when the run is not this worker's any more
   * (handed back by stop(), or expired by maintenance and maybe fetched by another worker): then
   * the outcome is dropped, since it belongs to nobody. An outcome that cannot be written
   * (database gone) leaves the job active: maintenance fails it once it expires, and it is retried.
   */
  async #settle(running: Running, outcome: Parameters<typeof settleJob>[0]["outcome"]): Promise<boolean> {
    try {
      if (await settleJob({ boss: this.#boss, ...running, outcome })) return true;
      logger.warn("job runner: a job finished after it stopped being this worker's; its outcome is dropped", { ...running, outcome: "completed" in outcome ? "completed" : "failed" });
    } catch (error) {
      logger.error("job runner: could not record a job's outcome; it will be retried after it expires", { ...running, error });
    }
    return false;
  }

  async #handBack(running: Running): Promise<void> {
    try {
      if (!(await handBackJob({ boss: this.#boss, ...running }))) logger.warn("job runner: a job to hand back was not this worker's any more", { ...running });
    } catch (error) {
      logger.error("job runner: could not hand a job back; it will be retried after it expires", { ...running, error });
    }
  }

  #count(outcome: "completed" | "failed", queue: string, startedAt: number): void {
    this.#summary[outcome][queue] = (this.#summary[outcome][queue] ?? 0) + 1;
    const counters = metrics();
    counters.jobRuns.inc({ queue, outcome });
    counters.jobDuration.observe({ queue }, (Date.now() - startedAt) / 1000);
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = () => {
        this.#wake = null;
        done();
      };
    });
  }

  /**
   * Stops fetching, then waits up to `timeoutMs` for the jobs that are running. Jobs still running
   * after that are handed back (due again at once, without counting an attempt: hand-back-job.ts),
   * for another worker or this one after a restart; their handlers are built to be run again.
   */
  async stop(timeoutMs: number): Promise<{ handedBack: number }> {
    this.#stopping = true;
    this.#unsubscribe?.();
    this.#wake?.();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), timeoutMs)));
    const outcome = await Promise.race([Promise.allSettled([this.#loop ?? Promise.resolve(), ...this.#drains]).then(() => "done" as const), timeout]);
    clearTimeout(timer);
    if (outcome === "done") return { handedBack: 0 };
    const left = [...this.#running];
    for (const running of left) await this.#handBack(running);
    if (left.length) logger.warn("job runner: stopped with jobs still running; they were handed back to the queue", { jobs: left });
    return { handedBack: left.length };
  }
}
