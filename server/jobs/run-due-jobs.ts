import "server-only";
import { allJobKinds } from "./handlers";
import { getJobQueue } from "./job-queue";
import { JobRunner, type JobKind, type RunSummary } from "./job-runner";
import { maintainJobQueue } from "./maintain-job-queue";

export type DueJobsSummary = RunSummary & {
  /** Queues whose schedule had an occurrence due that nobody had enqueued yet. */
  scheduled: string[];
  /** Jobs still running when the budget ran out, handed back to the queue. */
  handedBack: number;
  tookMs: number;
};

/**
 * One pass of everything a long-lived worker does, for hosts without one (Vercel Cron calls
 * /api/cron/jobs): enqueue due schedule occurrences, maintain the queue, then work through due
 * jobs for at most `budgetMs`. Safe alongside other workers and overlapping calls (the same
 * claims, the same occurrence ids).
 */
export async function runDueJobs({ budgetMs, kinds = allJobKinds(), now = new Date() }: { budgetMs: number; kinds?: readonly JobKind[]; now?: Date }): Promise<DueJobsSummary> {
  const startedAt = Date.now();
  const boss = await getJobQueue();
  const runner = new JobRunner(boss, kinds, { pollIntervalMs: 1_000, scheduling: false });
  const scheduled = await runner.schedule(now);
  await maintainJobQueue(boss);
  // Most of the budget for working; the rest to let running jobs finish before answering.
  const summary = await runner.drain(startedAt + budgetMs * 0.8);
  const { handedBack } = await runner.stop(Math.max(0, startedAt + budgetMs - Date.now()));
  return { scheduled, ...summary, handedBack, tookMs: Date.now() - startedAt };
}
