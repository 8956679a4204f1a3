import "server-only";
import { createHash } from "node:crypto";
import cronParser from "cron-parser";
import type PgBoss from "pg-boss";
import { JOB_SCHEMA } from "./queues";

/** A schedule: run `queue` at the times of `cron` (five fields, UTC). */
export type Schedule = { queue: string; cron: string };

/**
 * A schedule's latest occurrence counts if it came within this long: a worker that was down
 * catches up once. It must stay shorter than a finished job is kept (12 h in the job table, then
 * 7 days in the archive), or an occurrence could be enqueued a second time.
 */
const LOOKBACK_MS = 24 * 3_600_000;

/**
 * The job id of one occurrence: the same in every process, so however many workers (and calls of
 * the cron route) see the occurrence, the insert succeeds once — pg-boss's primary key is
 * (queue, id), and the insert does nothing on a conflict.
 */
export function occurrenceId(queue: string, at: Date): string {
  const hex = createHash("sha256").update(`${queue}@${at.toISOString()}`).digest("hex");
  // Shaped as a UUID (version 5 and variant bits set), which is what pg-boss's id column holds.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function latestOccurrence(cron: string, now: Date): Date {
  return cronParser.parseExpression(cron, { currentDate: now, tz: "UTC" }).prev().toDate();
}

/**
 * Enqueues the latest occurrence of every schedule that has not been enqueued yet (by anyone),
 * and returns the queues it enqueued. Cheap enough to run every few seconds in every worker: one
 * read of the occurrences already there, and one insert per new occurrence.
 */
export async function scheduleDueJobs(boss: PgBoss, schedules: readonly Schedule[], now = new Date()): Promise<string[]> {
  const due = schedules
    .map((s) => ({ ...s, at: latestOccurrence(s.cron, now) }))
    .filter((s) => now.getTime() - s.at.getTime() <= LOOKBACK_MS)
    .map((s) => ({ ...s, id: occurrenceId(s.queue, s.at) }));
  if (!due.length) return [];
  const { rows } = await boss.getDb().executeSql(
    `SELECT id::text FROM ${JOB_SCHEMA}.job WHERE name = ANY($1::text[]) AND id = ANY($2::uuid[])
     UNION ALL
     SELECT id::text FROM ${JOB_SCHEMA}.archive WHERE name = ANY($1::text[]) AND id = ANY($2::uuid[])`,
    [due.map((d) => d.queue), due.map((d) => d.id)],
  );
  const present = new Set((rows as { id: string }[]).map((r) => r.id));
  const enqueued: string[] = [];
  for (const occurrence of due.filter((d) => !present.has(d.id))) {
    // null: another process inserted it meanwhile, or a job of this queue is already waiting
    // (the `short` policy), which does the same work.
    const id = await boss.send(occurrence.queue, { scheduledFor: occurrence.at.toISOString() }, { id: occurrence.id });
    if (id) enqueued.push(occurrence.queue);
  }
  return enqueued;
}
