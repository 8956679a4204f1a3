import { and, eq, isNull, lte } from "drizzle-orm";
import { recordAuditEvent, type RequestMeta } from "../audit/record-audit-event";
import type { Transaction } from "../db/client";
import { listDueBillingJobs } from "../db/cross-tenant";
import { withTenant } from "../db/with-tenant";
import { billingJobs, tenants, type BillingJob, type BillingJobKind } from "../db/schema";
import { logger } from "../logger";
import { formatMoney } from "../../lib/plans";
import { getBillingProvider } from "./get-provider";

const SYSTEM: RequestMeta = { ip: null, userAgent: "atrium-billing-jobs" };
// A claimed job whose worker died is tried again after this long.
const LEASE_MS = 5 * 60_000;
const MAX_BACKOFF_MS = 6 * 3_600_000;

/** Retry delay after the n-th failed attempt: 30 s, 1 min, 2 min, ... up to 6 h. */
export function backoffMs(attempts: number): number {
  return Math.min(MAX_BACKOFF_MS, 30_000 * 2 ** Math.max(0, attempts - 1));
}

/** Queues a provider call in the caller's transaction; the same intent twice is one job. */
export async function enqueueBillingJob(
  tx: Transaction,
  job: { tenantId: string; kind: BillingJobKind; subscriptionId: string; payload?: Record<string, unknown> },
): Promise<void> {
  await tx
    .insert(billingJobs)
    .values({ tenantId: job.tenantId, kind: job.kind, subscriptionId: job.subscriptionId, payload: job.payload ?? {} })
    .onConflictDoNothing();
}

export type BillingJobOutcome = "done" | "failed" | "skipped";

/**
 * Claim, commit, call the provider, record: the network call happens outside any transaction,
 * and a claim is a lease, so a worker that dies mid-call leaves the job to be retried.
 * Provider calls carry an idempotency key derived from the job, so a retry never doubles them.
 */
export async function runBillingJob(tenantId: string, jobId: string, now = new Date()): Promise<BillingJobOutcome> {
  const claimed = await withTenant(tenantId, async (tx) => {
    const [job] = await tx
      .select()
      .from(billingJobs)
      .where(and(eq(billingJobs.tenantId, tenantId), eq(billingJobs.id, jobId), isNull(billingJobs.doneAt), lte(billingJobs.runAfter, now)))
      .for("update", { skipLocked: true });
    if (!job) return null;
    await tx
      .update(billingJobs)
      .set({ attempts: job.attempts + 1, runAfter: new Date(now.getTime() + LEASE_MS) })
      .where(and(eq(billingJobs.tenantId, tenantId), eq(billingJobs.id, jobId)));
    const [tenant] = await tx.select({ id: tenants.id, slug: tenants.slug, name: tenants.name }).from(tenants).where(eq(tenants.id, tenantId));
    return tenant ? { job: { ...job, attempts: job.attempts + 1 }, tenant } : null;
  });
  if (!claimed) return "skipped";
  const { job, tenant } = claimed;
  try {
    const note = await perform(job, tenant);
    await withTenant(tenantId, async (tx) => {
      await tx.update(billingJobs).set({ doneAt: new Date(), lastError: null }).where(and(eq(billingJobs.tenantId, tenantId), eq(billingJobs.id, jobId)));
      if (note) await recordAuditEvent(tx, { tenantId, actorUserId: null, ...note, meta: SYSTEM });
    });
    return "done";
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await withTenant(tenantId, (tx) =>
      tx
        .update(billingJobs)
        .set({ lastError: message.slice(0, 500), runAfter: new Date(Date.now() + backoffMs(job.attempts)) })
        .where(and(eq(billingJobs.tenantId, tenantId), eq(billingJobs.id, jobId))),
    );
    logger.error("billing job failed; it will be retried", { tenantId, jobId, kind: job.kind, attempts: job.attempts, error });
    return "failed";
  }
}

type AuditNote = { action: string; target: string; metadata: Record<string, unknown> } | null;

async function perform(job: BillingJob, tenant: { id: string; slug: string; name: string }): Promise<AuditNote> {
  const provider = getBillingProvider();
  const idempotencyKey = `job:${job.id}`;
  switch (job.kind) {
    case "cancel_at_period_end":
      await provider.setCancelAtPeriodEnd({ tenant, subscriptionId: job.subscriptionId, cancel: true, actorUserId: null, idempotencyKey, meta: SYSTEM });
      return null;
    case "cancel_duplicate": {
      const refund = await provider.cancelDuplicate({ tenant, subscriptionId: job.subscriptionId, idempotencyKey });
      return {
        action: "billing.duplicate_refunded",
        target: `subscription:${job.subscriptionId}`,
        metadata: { refundedCents: refund.refundedCents, currency: refund.currency, amount: formatMoney(refund.refundedCents, refund.currency) },
      };
    }
  }
}

/** Every due job (the sweep). */
export async function runDueBillingJobs({ now = new Date(), limit = 50 }: { now?: Date; limit?: number } = {}): Promise<Record<BillingJobOutcome, number>> {
  const counts: Record<BillingJobOutcome, number> = { done: 0, failed: 0, skipped: 0 };
  for (const { tenantId, jobId } of await listDueBillingJobs(now, limit)) counts[await runBillingJob(tenantId, jobId, now)]++;
  return counts;
}

/**
 * Right after a commit that may have queued jobs for this workspace: run them now rather than at
 * the next sweep. Never throws; whatever fails stays queued.
 */
export async function runBillingJobsSoon(tenantId: string): Promise<void> {
  try {
    const now = new Date();
    const due = await withTenant(tenantId, (tx) =>
      tx.select({ id: billingJobs.id }).from(billingJobs).where(and(isNull(billingJobs.doneAt), lte(billingJobs.runAfter, now))),
    );
    for (const { id } of due) await runBillingJob(tenantId, id, now);
  } catch (error) {
    logger.error("could not run billing jobs after commit; the sweep will", { tenantId, error });
  }
}
