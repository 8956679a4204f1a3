import "server-only";
import type PgBoss from "pg-boss";
import { JOB_SCHEMA } from "./queues";

export type FetchedJob = { id: string; data: Record<string, unknown> | null; retryLimit: number; retryCount: number; startedOn: Date };

/**
 * Takes the next due job of `queue` for this worker (the same statement as pg-boss 10's fetch for
 * queues without the singleton or stately policy, which Atrium does not use). pg-boss's own
 * fetch() swallows every error of that statement and answers "no job", so a worker that cannot
 * fetch (connection, timeout, permission) would look idle while due jobs pile up and, under the
 * `short` policy, block every later occurrence of the queue's schedule. Here the error reaches
 * the runner, which logs it.
 */
export async function fetchJob(boss: PgBoss, queue: string): Promise<FetchedJob | null> {
  const { rows } = await boss.getDb().executeSql(
    `WITH next AS (
       SELECT id FROM ${JOB_SCHEMA}.job
       WHERE name = $1 AND state < 'active' AND start_after < now()
       ORDER BY priority DESC, created_on, id
       LIMIT 1
       FOR UPDATE SKIP LOCKED
     )
     UPDATE ${JOB_SCHEMA}.job j SET
       state = 'active',
       started_on = now(),
       retry_count = CASE WHEN j.started_on IS NOT NULL THEN j.retry_count + 1 ELSE j.retry_count END
     FROM next
     WHERE j.name = $1 AND j.id = next.id
     RETURNING j.id, j.data, j.retry_limit AS "retryLimit", j.retry_count AS "retryCount", j.started_on AS "startedOn"`,
    [queue],
  );
  return (rows[0] as FetchedJob | undefined) ?? null;
}
