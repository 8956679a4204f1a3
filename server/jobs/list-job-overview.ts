import "server-only";
import { sql } from "drizzle-orm";
import { getDb } from "../db/client";
import { JOB_SCHEMA, QUEUE_NAMES, QUEUES, type QueueName } from "./queues";

export type QueueOverview = {
  queue: QueueName;
  description: string;
  cron: string | null;
  queued: number;
  active: number;
  failed: number;
  /** Completed in the last 24 hours (finished jobs move to the archive after 12 hours). */
  completedRecently: number;
  lastCompletedAt: Date | null;
};

export type FailedJob = {
  id: string;
  queue: string;
  /** What the last attempt threw (or why maintenance failed it). */
  error: string;
  attempts: number;
  data: Record<string, unknown>;
  createdAt: Date;
  failedAt: Date | null;
};

const jobs = sql.raw(`${JOB_SCHEMA}.job`);
const ours = () => sql`name in (${sql.join(QUEUE_NAMES.map((name) => sql`${name}`), sql`, `)})`;

/** The error message pg-boss stored with a failed job: ours is `{ name, message }`, its own timeouts `{ value: { message } }`. */
export function failureMessage(output: unknown): string {
  const record = (output ?? {}) as { message?: unknown; value?: { message?: unknown } };
  const message = record.message ?? record.value?.message;
  return typeof message === "string" && message ? message : "No error recorded.";
}

/** For the operators' Jobs page: per queue counts, and the newest failed jobs (kept 7 days). */
export async function listJobOverview({ failedLimit = 50 }: { failedLimit?: number } = {}): Promise<{ queues: QueueOverview[]; failed: FailedJob[] }> {
  const db = getDb();
  const counts = await db.execute<{ name: string; queued: number; active: number; failed: number; completed: number; last_completed: string | null }>(sql`
    select name,
      count(*) filter (where state in ('created', 'retry'))::int as queued,
      count(*) filter (where state = 'active')::int as active,
      count(*) filter (where state = 'failed')::int as failed,
      count(*) filter (where state = 'completed' and completed_on > now() - interval '24 hours')::int as completed,
      max(completed_on) filter (where state = 'completed')::text as last_completed
    from ${jobs}
    where ${ours()}
    group by name`);
  const byName = new Map(counts.map((row) => [row.name, row]));
  const queues = QUEUE_NAMES.map((queue): QueueOverview => {
    const row = byName.get(queue);
    return {
      queue,
      description: QUEUES[queue].description,
      cron: QUEUES[queue].cron,
      queued: row?.queued ?? 0,
      active: row?.active ?? 0,
      failed: row?.failed ?? 0,
      completedRecently: row?.completed ?? 0,
      lastCompletedAt: row?.last_completed ? new Date(row.last_completed) : null,
    };
  });
  const failedRows = await db.execute<{ id: string; name: string; output: unknown; retry_count: number; data: Record<string, unknown> | null; created_on: string; completed_on: string | null }>(sql`
    select id::text, name, output, retry_count, data, created_on::text, completed_on::text
    from ${jobs}
    where ${ours()} and state = 'failed'
    order by completed_on desc nulls last, id
    limit ${failedLimit}`);
  const failed = failedRows.map((row): FailedJob => ({
    id: row.id,
    queue: row.name,
    error: failureMessage(row.output),
    attempts: row.retry_count + 1,
    data: row.data ?? {},
    createdAt: new Date(row.created_on),
    failedAt: row.completed_on ? new Date(row.completed_on) : null,
  }));
  return { queues, failed };
}
