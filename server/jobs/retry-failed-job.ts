import "server-only";
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { recordAuditEvent, type RequestMeta } from "../audit/record-audit-event";
import type { Transaction } from "../db/client";
import { tenants } from "../db/schema";
import { withTenant, withoutTenant } from "../db/with-tenant";
import { AppError } from "../errors";
import { recordOperatorAuditEvent } from "../operators/record-operator-audit-event";
import { zText } from "../../lib/text";
import { wakeLocalWorkers } from "./local-wake";
import { isQueueName, JOB_SCHEMA } from "./queues";

export const RetryFailedJobInput = z.object({
  queue: z.string().refine(isQueueName, "Unknown queue."),
  jobId: z.uuid("Unknown job."),
  reason: zText({ min: 3, max: 500, tooShort: "Say why (at least 3 characters).", tooLong: "Keep the reason under 500 characters." }),
});

export type RetryFailedJobOptions = z.input<typeof RetryFailedJobInput> & { actorUserId: string; meta: RequestMeta };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * An operator sends a failed job back to its queue (one more attempt, due at once), with a reason
 * that is recorded in the operator audit log and, when the job was about a workspace, in that
 * workspace's own log (as platform support). The state change and the audit rows commit together.
 * The caller has checked that the actor is an operator.
 */
export async function retryFailedJob(options: RetryFailedJobOptions): Promise<{ queue: string; jobId: string }> {
  const input = RetryFailedJobInput.parse(options);
  const peek = await withoutTenant((tx) => failedJob(tx, input.queue, input.jobId));
  if (!peek) throw new AppError("NOT_FOUND", "That job is not failed any more (already retried, or archived after 7 days).");
  const tenantId = typeof peek.data?.tenantId === "string" && UUID.test(peek.data.tenantId) ? peek.data.tenantId : null;
  const retry = async (tx: Transaction) => {
    const [job] = await tx.execute<{ retry_count: number }>(sql`
      update ${sql.raw(`${JOB_SCHEMA}.job`)} set state = 'retry', retry_limit = retry_limit + 1
      where name = ${input.queue} and id = ${input.jobId}::uuid and state = 'failed'
      returning retry_count`);
    if (!job) throw new AppError("NOT_FOUND", "That job is not failed any more (already retried, or archived after 7 days).");
    const target = `job:${input.queue}/${input.jobId}`;
    // Never the error's message: both audit logs are kept for good (the operator log is
    // append-only), and messages carry personal data (an SMTP error names the recipient). The
    // Jobs page shows the message from pg-boss's tables, which forget it.
    const metadata = { jobId: input.jobId, queue: input.queue, errorClass: errorClass(peek.output) };
    await recordOperatorAuditEvent(tx, { actorUserId: options.actorUserId, action: "job.retried", target, reason: input.reason, tenantId, metadata, meta: options.meta });
    // A workspace purged since keeps no log of its own: the operator log has it.
    const [workspace] = tenantId ? await tx.select({ id: tenants.id }).from(tenants).where(eq(tenants.id, tenantId)) : [];
    if (tenantId && workspace) {
      await recordAuditEvent(tx, { tenantId, actorUserId: null, action: "job.retried", target, metadata: { ...metadata, by: "platform support", reason: input.reason }, meta: options.meta });
    }
  };
  if (tenantId) await withTenant(tenantId, retry);
  else await withoutTenant(retry);
  wakeLocalWorkers(input.queue);
  return { queue: input.queue, jobId: input.jobId };
}

/** A short name for the kind of failure: the error's class name, or "Expired" for a job maintenance failed by timeout. */
function errorClass(output: unknown): string {
  const record = (output ?? {}) as { name?: unknown; value?: unknown };
  if (typeof record.name === "string" && /^[A-Za-z][A-Za-z0-9_.]{0,63}$/.test(record.name)) return record.name;
  return record.value ? "Expired" : "Error";
}

async function failedJob(tx: Transaction, queue: string, jobId: string): Promise<{ data: Record<string, unknown> | null; output: unknown } | null> {
  const [row] = await tx.execute<{ data: Record<string, unknown> | null; output: unknown }>(sql`
    select data, output from ${sql.raw(`${JOB_SCHEMA}.job`)} where name = ${queue} and id = ${jobId}::uuid and state = 'failed'`);
  return row ?? null;
}
