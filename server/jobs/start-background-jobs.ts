import "server-only";
import { env } from "../env";
import { logger } from "../logger";
import { allJobKinds } from "./handlers";
import { closeJobQueue, getJobQueue } from "./job-queue";
import { JobRunner, type JobKind } from "./job-runner";

const store = globalThis as unknown as { __atriumJobRunner?: Promise<JobRunner | null> };

export type StartWorkersOptions = { kinds?: readonly JobKind[]; pollIntervalMs?: number };

/**
 * Starts this process's workers for every queue (or `kinds`): they enqueue due schedule
 * occurrences, take part in queue maintenance and run jobs until stopBackgroundJobs(). Queues the
 * database does not have yet (migrations not applied) are reported and left out. `npm run worker`
 * calls this; a web process calls startBackgroundJobs().
 */
export async function startWorkers(options: StartWorkersOptions = {}): Promise<JobRunner> {
  if (store.__atriumJobRunner) throw new Error("startWorkers: this process runs its workers already");
  const started = launch(options);
  store.__atriumJobRunner = started.catch(() => null);
  return started;
}

async function launch(options: StartWorkersOptions): Promise<JobRunner> {
  const boss = await getJobQueue();
  const known = new Set((await boss.getQueues()).map((q) => q.name));
  const wanted = options.kinds ?? allJobKinds();
  const missing = wanted.filter((k) => !known.has(k.queue)).map((k) => k.queue);
  if (missing.length) logger.error("job queues missing from the database; run `npm run db:migrate`", { missing });
  const kinds = wanted.filter((k) => known.has(k.queue));
  const runner = new JobRunner(boss, kinds, { pollIntervalMs: options.pollIntervalMs ?? env.JOBS_POLL_INTERVAL_MS, scheduling: true }).start();
  logger.info("background job workers started", { queues: kinds.length });
  return runner;
}

/**
 * Called once per server start (instrumentation-node.ts). With JOBS_IN_PROCESS (the default) the
 * workers run in this process; otherwise this process only enqueues and `npm run worker`
 * processes do the work. Never throws: a queue that cannot start is logged, and the web keeps serving.
 */
export function startBackgroundJobs(): void {
  if (!env.JOBS_IN_PROCESS || store.__atriumJobRunner) return;
  store.__atriumJobRunner = launch({}).catch((error: unknown) => {
    logger.error("background jobs could not start", { error });
    return null;
  });
}

/**
 * For graceful shutdown: stops fetching jobs, lets the running ones finish (up to
 * JOBS_STOP_TIMEOUT_MS; those still running are handed back to the queue and run again
 * elsewhere), then closes the job queue's connections. Safe to call when nothing was started.
 */
export async function stopBackgroundJobs(): Promise<void> {
  const pending = store.__atriumJobRunner;
  store.__atriumJobRunner = undefined;
  const runner = await pending;
  if (runner) {
    const { handedBack } = await runner.stop(env.JOBS_STOP_TIMEOUT_MS);
    logger.info("background job workers stopped", { handedBack });
  }
  await closeJobQueue();
}
