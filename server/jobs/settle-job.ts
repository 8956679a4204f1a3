import "server-only";
import type PgBoss from "pg-boss";
import { JOB_SCHEMA } from "./queues";

export type SettleJobOptions = {
  boss: PgBoss;
  queue: string;
  jobId: string;
  /** started_on as this worker's fetch set it: the run this outcome belongs to. */
  startedOn: Date;
  outcome: { completed: Record<string, unknown> } | { failed: { name: string; message: string } };
};

/**
 * Records a job's outcome only if the run is still this worker's: the job is active and was
 * started by this worker's fetch. pg-boss's complete() and fail() match any active job with that
 * id, so a handler that outlived its expiry would settle the run of the worker that fetched the
 * job after maintenance failed it. Same effect as pg-boss 10's statements otherwise (fail: retry
 * with backoff while retries are left, else failed); the queues use no dead-letter queue, so
 * there is none to feed. The `short` policy's unique index covers only 'created' jobs, so moving
 * an active job to 'retry' or 'failed' in place cannot conflict. Returns false when the run was
 * not ours any more.
 */
export async function settleJob({ boss, queue, jobId, startedOn, outcome }: SettleJobOptions): Promise<boolean> {
  const ours = `name = $1 AND id = $2 AND state = 'active' AND date_trunc('milliseconds', started_on) = $3::timestamptz`;
  const { rows } =
    "completed" in outcome
      ? await boss.getDb().executeSql(`UPDATE ${JOB_SCHEMA}.job SET state = 'completed', completed_on = now(), output = $4::jsonb WHERE ${ours} RETURNING id`, [
          queue,
          jobId,
          startedOn,
          JSON.stringify(outcome.completed),
        ])
      : await boss.getDb().executeSql(
          `UPDATE ${JOB_SCHEMA}.job SET
             state = CASE WHEN retry_count < retry_limit THEN 'retry' ELSE 'failed' END::${JOB_SCHEMA}.job_state,
             completed_on = CASE WHEN retry_count < retry_limit THEN NULL ELSE now() END,
             start_after = CASE
               WHEN retry_count >= retry_limit THEN start_after
               WHEN NOT retry_backoff THEN now() + retry_delay * interval '1 second'
               ELSE now() + (retry_delay * 2 ^ LEAST(16, retry_count + 1) / 2 * (1 + random())) * interval '1 second'
             END,
             output = $4::jsonb
           WHERE ${ours} RETURNING id`,
          [queue, jobId, startedOn, JSON.stringify(outcome.failed)],
        );
  return rows.length === 1;
}
