import "server-only";
import type PgBoss from "pg-boss";
import { JOB_SCHEMA } from "./queues";

export type HandBackJobOptions = { boss: PgBoss; queue: string; jobId: string; startedOn: Date };

/**
 * Gives a running job back to its queue without counting an attempt: a worker that stops, or a
 * cron call whose budget runs out, did not fail the job. pg-boss's `fail()` would use up one of
 * its retries, and its fetch adds one to retry_count whenever started_on is set, so a long job
 * cut off by every deploy or every 20-second cron call would end up failed for good. Clearing
 * started_on makes the next fetch count nothing. The job goes to 'retry' (due now), not
 * 'created': the `short` policy allows one 'created' job per queue, and one may be waiting.
 * Only this worker's run is handed back (still active, started when this worker fetched it);
 * returns false when it is not ours any more (expired by maintenance, maybe running elsewhere).
 */
export async function handBackJob({ boss, queue, jobId, startedOn }: HandBackJobOptions): Promise<boolean> {
  const result = await boss.getDb().executeSql(
    `UPDATE ${JOB_SCHEMA}.job
     SET state = 'retry', start_after = now(), started_on = NULL,
       output = '{"name":"WorkerStopped","message":"The worker stopped before this job finished; it will run again."}'::jsonb
     WHERE name = $1 AND id = $2 AND state = 'active' AND date_trunc('milliseconds', started_on) = $3::timestamptz
     RETURNING id`,
    [queue, jobId, startedOn],
  );
  return result.rows.length === 1;
}
