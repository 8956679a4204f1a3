import { and, asc, eq, inArray, isNull, lte, or, sql } from "drizzle-orm";
import { getBillingProvider } from "../billing/get-provider";
import { getStripe } from "../billing/stripe/client";
import { listTenantsWithPendingOverage } from "../db/cross-tenant";
import { withTenant } from "../db/with-tenant";
import { subscriptions, usageOverage } from "../db/schema";
import { logger } from "../logger";

/** The Stripe meter each metric reports to (create the meters in Stripe with these event names). */
export const METER_EVENT_NAMES: Record<string, string> = { units: "atrium_usage_units" };

/**
 * Longer than reporting one claimed batch takes: each Stripe call is bounded by the client's
 * timeout and retries (well under 30 s), so 20 rows fit in 10 minutes with room.
 */
const LEASE_MS = 10 * 60_000;
const BATCH = 20;
const MAX_BACKOFF_MS = 3_600_000;

type Overage = typeof usageOverage.$inferSelect;
type Claim = { rows: Overage[]; customerId: string | null; viaStripe: boolean };

export type OverageReport = { reported: number; failed: number; errors: string[] };

/**
 * Claims a tenant's pending overage rows (SKIP LOCKED, then a lease) in a short transaction.
 * Without Stripe (local provider, or a tenant not billed through Stripe) they are recorded as
 * reported in the same transaction: there is nobody to call.
 */
async function claimOverage(tenantId: string, providerKind: string): Promise<Claim> {
  return withTenant(tenantId, async (tx) => {
    const rows = await tx
      .select()
      .from(usageOverage)
      .where(and(eq(usageOverage.tenantId, tenantId), isNull(usageOverage.reportedAt), or(isNull(usageOverage.claimedUntil), lte(usageOverage.claimedUntil, sql`now()`))))
      .orderBy(asc(usageOverage.createdAt))
      .limit(BATCH)
      .for("update", { skipLocked: true });
    if (!rows.length) return { rows, customerId: null, viaStripe: false };
    const [sub] = await tx.select({ customerId: subscriptions.customerId, provider: subscriptions.provider }).from(subscriptions).where(eq(subscriptions.tenantId, tenantId));
    const ids = rows.map((r) => r.id);
    const viaStripe = providerKind !== "local" && sub?.provider === "stripe";
    await tx
      .update(usageOverage)
      .set(
        viaStripe
          ? { attempts: sql`${usageOverage.attempts} + 1`, claimedUntil: sql`now() + make_interval(secs => ${LEASE_MS / 1000})` as unknown as Date }
          : { attempts: sql`${usageOverage.attempts} + 1`, reportedAt: new Date(), provider: "local", claimedUntil: null },
      )
      .where(and(eq(usageOverage.tenantId, tenantId), inArray(usageOverage.id, ids)));
    return { rows, customerId: sub?.customerId ?? null, viaStripe };
  });
}

/** Recorded only while this claim (its attempt number) is the latest: a late reporter changes nothing. */
async function recordOutcome(tenantId: string, id: string, attempts: number, outcome: { reported: true } | { reported: false; retryInMs?: number }): Promise<void> {
  await withTenant(tenantId, (tx) =>
    tx
      .update(usageOverage)
      .set(
        outcome.reported
          ? { reportedAt: new Date(), provider: "stripe", claimedUntil: null }
          : { claimedUntil: new Date(Date.now() + (outcome.retryInMs ?? Math.min(MAX_BACKOFF_MS, 60_000 * 2 ** Math.max(0, attempts - 1)))) },
      )
      .where(and(eq(usageOverage.tenantId, tenantId), eq(usageOverage.id, id), eq(usageOverage.attempts, attempts), isNull(usageOverage.reportedAt))),
  );
}

/**
 * Sends pending overage to the billing provider: claim, commit, call Stripe, record — no Stripe
 * call happens while a transaction is open. Stripe: one meter event per overage row, with the row
 * id as the event identifier, so a retry after a crash or timeout is deduplicated by Stripe (a
 * crash mid-call leaves the rows to be claimed again once their lease ends). A failed call is
 * retried with backoff. Local provider: recorded as reported at once.
 */
export async function reportOverage({ tenants = 50 }: { tenants?: number } = {}): Promise<OverageReport> {
  const providerKind = getBillingProvider().kind;
  const report: OverageReport = { reported: 0, failed: 0, errors: [] };
  for (const tenantId of await listTenantsWithPendingOverage(tenants)) {
    const claim = await claimOverage(tenantId, providerKind);
    if (!claim.viaStripe) {
      report.reported += claim.rows.length;
      continue;
    }
    if (!claim.customerId) {
      // A Stripe subscription always has a customer; without one there is nothing to bill. Kept
      // for later (an hour), logged, and not a failure of the job every few minutes.
      logger.error("overage not reported: the workspace's Stripe subscription has no customer", { tenantId, rows: claim.rows.length });
      for (const row of claim.rows) await recordOutcome(tenantId, row.id, row.attempts + 1, { reported: false, retryInMs: MAX_BACKOFF_MS });
      continue;
    }
    for (const row of claim.rows) {
      try {
        await getStripe().billing.meterEvents.create({
          event_name: METER_EVENT_NAMES[row.metric] ?? `atrium_${row.metric}`,
          identifier: row.id,
          timestamp: Math.floor(row.createdAt.getTime() / 1000),
          payload: { stripe_customer_id: claim.customerId, value: String(row.quantity) },
        });
      } catch (error) {
        // Stripe already has this identifier: an earlier attempt got through.
        if ((error as { code?: string }).code !== "resource_already_exists") {
          logger.warn("overage report failed; will retry", { tenantId, id: row.id, error });
          await recordOutcome(tenantId, row.id, row.attempts + 1, { reported: false });
          report.failed++;
          report.errors.push(error instanceof Error ? error.message : String(error));
          continue;
        }
      }
      await recordOutcome(tenantId, row.id, row.attempts + 1, { reported: true });
      report.reported++;
    }
  }
  return report;
}

/** How many overage rows were reported (see reportOverage). */
export async function reportPendingOverage(options: { tenants?: number } = {}): Promise<number> {
  return (await reportOverage(options)).reported;
}
