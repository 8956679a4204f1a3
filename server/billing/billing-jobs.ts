import { and, eq, isNull, lte, sql } from "drizzle-orm";
import { recordAuditEvent, type RequestMeta } from "../audit/record-audit-event";
import type { Transaction } from "../db/client";
import { listDueBillingJobs } from "../db/cross-tenant";
import { withTenant } from "../db/with-tenant";
import { billingJobs, providerSubscriptions, subscriptions, tenants, type BillingJob, type BillingJobKind } from "../db/schema";
import { logger } from "../logger";
import { formatMoney } from "../../lib/plans";
import { getBillingProvider } from "./get-provider";
import { lockTenantOrThrow } from "../tenants/lock-tenant";
import { subscriptionPhase } from "./status-map";

const SYSTEM: RequestMeta = { ip: null, userAgent: "atrium-billing-jobs" };
// A claimed job whose worker died is tried again after this long.
const LEASE_MS = 5 * 60_000;
const MAX_BACKOFF_MS = 6 * 3_600_000;
// About ten days of retries at the longest backoff: then a person has to look (it stays in the table).
export const MAX_ATTEMPTS = 45;

/** Retry delay after the n-th failed attempt: 30 s, 1 min, 2 min, ... up to 6 h. */
export function backoffMs(attempts: number): number {
  return Math.min(MAX_BACKOFF_MS, 30_000 * 2 ** Math.max(0, attempts - 1));
}

/**
 * Queues a provider call in the caller's transaction; the same intent twice is one job. With
 * `reopen`, a finished job for the same intent runs again (the thing it fixed came back), and a
 * job not yet finished takes the new payload (e.g. the subscription a duplicate now loses to).
 */
export async function enqueueBillingJob(
  tx: Transaction,
  job: { tenantId: string; kind: BillingJobKind; subscriptionId: string; payload?: Record<string, unknown>; reopen?: boolean },
): Promise<void> {
  const insert = tx.insert(billingJobs).values({ tenantId: job.tenantId, kind: job.kind, subscriptionId: job.subscriptionId, payload: job.payload ?? {} });
  if (!job.reopen) {
    await insert.onConflictDoNothing();
    return;
  }
  await insert.onConflictDoUpdate({
    target: [billingJobs.tenantId, billingJobs.kind, billingJobs.subscriptionId],
    // attempts keep counting: each run's idempotency keys stay new (see perform). A job waiting
    // for its retry keeps its schedule and last error; only its payload is brought up to date.
    set: {
      payload: sql`excluded.payload`,
      doneAt: null,
      lastError: sql`case when ${billingJobs.doneAt} is null then ${billingJobs.lastError} end`,
      runAfter: sql`case when ${billingJobs.doneAt} is null then ${billingJobs.runAfter} else now() end`,
    },
  });
}

export type BillingJobOutcome = "done" | "failed" | "skipped";

/** Stripe refusing the request itself (4xx other than conflict or rate limit): retrying cannot help. */
function isPermanent(error: unknown): boolean {
  const status = (error as { statusCode?: unknown })?.statusCode;
  return typeof status === "number" && status >= 400 && status < 500 && status !== 409 && status !== 429;
}

/**
 * Claim, commit, call the provider, record: the network call happens outside any transaction,
 * and a claim is a lease, so a worker that dies mid-call leaves the job to be retried.
 * Provider calls carry an idempotency key derived from the job, so a retry never doubles them.
 */
export async function runBillingJob(tenantId: string, jobId: string, now = new Date()): Promise<BillingJobOutcome> {
  const where = and(eq(billingJobs.tenantId, tenantId), eq(billingJobs.id, jobId));
  const claimed = await withTenant(tenantId, async (tx) => {
    const [job] = await tx
      .select()
      .from(billingJobs)
      .where(and(where, isNull(billingJobs.doneAt), lte(billingJobs.runAfter, now)))
      .for("update", { skipLocked: true });
    if (!job) return null;
    await tx.update(billingJobs).set({ attempts: job.attempts + 1, runAfter: new Date(now.getTime() + LEASE_MS) }).where(where);
    const [tenant] = await tx.select({ id: tenants.id, slug: tenants.slug, name: tenants.name }).from(tenants).where(eq(tenants.id, tenantId));
    return tenant ? { job: { ...job, attempts: job.attempts + 1 }, tenant } : null;
  });
  if (!claimed) return "skipped";
  const { job, tenant } = claimed;
  try {
    const note = await perform(job, tenant);
    await withTenant(tenantId, async (tx) => {
      // Done only as it was run: a payload changed meanwhile (the duplicate now loses to another
      // subscription) leaves the job to run again with it when its lease ends.
      const finished = await tx
        .update(billingJobs)
        .set({ doneAt: new Date(), lastError: null })
        .where(and(where, sql`${billingJobs.payload} = ${JSON.stringify(job.payload)}::jsonb`))
        .returning({ id: billingJobs.id });
      if (!finished.length) logger.info("billing job's intent changed while it ran; it runs again", { tenantId, jobId, kind: job.kind });
      if (note) await recordAuditEvent(tx, { tenantId, actorUserId: null, ...note, meta: SYSTEM });
    });
    return "done";
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).slice(0, 480);
    const giveUp = isPermanent(error) || job.attempts >= MAX_ATTEMPTS;
    await withTenant(tenantId, (tx) =>
      tx
        .update(billingJobs)
        .set(giveUp ? { lastError: `gave up: ${message}`, doneAt: new Date() } : { lastError: message, runAfter: new Date(Date.now() + backoffMs(job.attempts)) })
        .where(where),
    );
    if (giveUp) logger.error("billing job gave up; it needs a person", { tenantId, jobId, kind: job.kind, subscriptionId: job.subscriptionId, attempts: job.attempts, error });
    else logger.error("billing job failed; it will be retried", { tenantId, jobId, kind: job.kind, attempts: job.attempts, error });
    return "failed";
  }
}

type AuditNote = { action: string; target: string; metadata: Record<string, unknown> } | null;

async function perform(job: BillingJob, tenant: { id: string; slug: string; name: string }): Promise<AuditNote> {
  const provider = getBillingProvider();
  // Per attempt: Stripe replays a stored answer (a 500 too) for the same key for 24 h. Retrying
  // with a new key is safe because each call reads the provider first (already ended, already
  // refunded) and only then acts.
  const idempotencyKey = `job:${job.id}:${job.attempts}`;
  switch (job.kind) {
    case "end_subscription":
      await provider.endSubscription({ tenant, subscriptionId: job.subscriptionId, idempotencyKey });
      return null;
    case "expire_checkouts":
      await provider.expireCheckouts({ tenant, customerId: job.subscriptionId });
      return null;
    case "cancel_duplicate": {
      if (!(await duplicateStillStands(tenant.id, job))) {
        return { action: "billing.duplicate_kept", target: `subscription:${job.subscriptionId}`, metadata: { reason: "the subscription kept instead has ended" } };
      }
      const refund = await provider.cancelDuplicate({ tenant, subscriptionId: job.subscriptionId, idempotencyKey });
      return {
        action: "billing.duplicate_refunded",
        target: `subscription:${job.subscriptionId}`,
        metadata: { refundedCents: refund.refundedCents, currency: refund.currency, amount: formatMoney(refund.refundedCents, refund.currency) },
      };
    }
  }
}

/**
 * Before cancelling a duplicate: is the one kept instead still current and live? If it ended in
 * the meantime, cancelling this one would leave the workspace with nothing: it is released
 * (no longer a duplicate) so it can become current.
 */
async function duplicateStillStands(tenantId: string, job: BillingJob): Promise<boolean> {
  const kept = typeof job.payload.keptSubscriptionId === "string" ? job.payload.keptSubscriptionId : null;
  return withTenant(tenantId, async (tx) => {
    await lockTenantOrThrow(tx, tenantId);
    const [account] = await tx
      .select({ subscriptionId: subscriptions.subscriptionId, status: subscriptions.status })
      .from(subscriptions)
      .where(eq(subscriptions.tenantId, tenantId));
    if (kept && account?.subscriptionId === kept && subscriptionPhase(account.status) === "live") return true;
    await tx
      .update(providerSubscriptions)
      .set({ duplicateOf: null, updatedAt: new Date() })
      .where(and(eq(providerSubscriptions.tenantId, tenantId), eq(providerSubscriptions.subscriptionId, job.subscriptionId)));
    return false;
  });
}

/** Every due job (the sweep). */
export async function runDueBillingJobs({ now = new Date(), limit = 50 }: { now?: Date; limit?: number } = {}): Promise<Record<BillingJobOutcome, number>> {
  const counts: Record<BillingJobOutcome, number> = { done: 0, failed: 0, skipped: 0 };
  for (const { tenantId, jobId } of await listDueBillingJobs(now, limit)) counts[await runBillingJob(tenantId, jobId, now)]++;
  return counts;
}

/** Whether a workspace still has billing jobs to finish (its purge waits for them). */
export async function hasOpenBillingJobs(tx: Transaction, tenantId: string): Promise<boolean> {
  const rows = await tx.select({ id: billingJobs.id }).from(billingJobs).where(and(eq(billingJobs.tenantId, tenantId), isNull(billingJobs.doneAt))).limit(1);
  return rows.length > 0;
}

/**
 * Right after a commit that may have queued jobs for this workspace: run them now rather than at
 * the next sweep. Never throws; whatever fails stays queued.
 */
export async function runBillingJobsSoon(tenantId: string): Promise<void> {
  try {
    const now = new Date();
    const due = await withTenant(tenantId, (tx) =>
      tx.select({ id: billingJobs.id }).from(billingJobs).where(and(eq(billingJobs.tenantId, tenantId), isNull(billingJobs.doneAt), lte(billingJobs.runAfter, now))),
    );
    for (const { id } of due) await runBillingJob(tenantId, id, now);
  } catch (error) {
    logger.error("could not run billing jobs after commit; the sweep will", { tenantId, error });
  }
}
