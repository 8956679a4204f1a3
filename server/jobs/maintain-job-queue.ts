import "server-only";
import type PgBoss from "pg-boss";
import { JOB_SCHEMA } from "./queues";

const INTERVAL_SECONDS = 60;

/**
 * pg-boss's maintenance, run by whichever worker gets there first once a minute (the same "who ran
 * last" timestamp pg-boss's own supervisor uses): jobs running past their expiry are failed (and
 * so retried), finished jobs are archived after 12 hours (failed ones after 7 days, so operators
 * see them), and the archive is emptied after 7 days. Returns whether this call did it.
 */
export async function maintainJobQueue(boss: PgBoss): Promise<boolean> {
  const { rows } = await boss.getDb().executeSql(
    `UPDATE ${JOB_SCHEMA}.version SET maintained_on = now()
     WHERE EXTRACT(EPOCH FROM (now() - COALESCE(maintained_on, now() - interval '1 week'))) > $1
     RETURNING true`,
    [INTERVAL_SECONDS],
  );
  if (rows.length !== 1) return false;
  await boss.maintain();
  return true;
}
