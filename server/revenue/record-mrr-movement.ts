import { and, desc, eq, gt } from "drizzle-orm";
import type { Transaction } from "../db/client";
import { mrrMovements, type MrrMovement } from "../db/schema";
import { classifyMrrMovement } from "./classify-mrr-movement";

export type RecordMrrMovementOptions = {
  tenantId: string;
  /** The workspace's MRR from now on (monthlyRecurringCents of its current subscription). */
  toCents: number;
  planId: string | null;
  interval: string | null;
  subscriptionId: string | null;
  cause: string;
  at?: Date;
};

/**
 * Appends a movement to the revenue ledger when the workspace's MRR changes; a snapshot that
 * leaves it where it was (a renewal, a replayed webhook, a cancellation merely scheduled) writes
 * nothing. Runs in the caller's transaction, which holds the workspace lock (every billing path
 * takes it first), so `seq` cannot be taken twice and movements follow the order of changes.
 */
export async function recordMrrMovement(tx: Transaction, options: RecordMrrMovementOptions): Promise<MrrMovement | null> {
  const { tenantId } = options;
  const toCents = Math.max(0, Math.round(options.toCents));
  const [last] = await tx.select().from(mrrMovements).where(eq(mrrMovements.tenantId, tenantId)).orderBy(desc(mrrMovements.seq)).limit(1);
  const fromCents = last?.toCents ?? 0;
  let paidBefore = false;
  if (last && fromCents === 0) {
    const [earlier] = await tx
      .select({ seq: mrrMovements.seq })
      .from(mrrMovements)
      .where(and(eq(mrrMovements.tenantId, tenantId), gt(mrrMovements.toCents, 0)))
      .limit(1);
    paidBefore = Boolean(earlier);
  }
  const kind = classifyMrrMovement({ fromCents, toCents, paidBefore });
  if (!kind) return null;
  const at = options.at ?? new Date();
  // Never before the previous movement: month buckets then agree with the order of `seq`.
  const occurredAt = last && last.occurredAt > at ? last.occurredAt : at;
  const [row] = await tx
    .insert(mrrMovements)
    .values({
      tenantId,
      seq: (last?.seq ?? 0) + 1,
      occurredAt,
      kind,
      fromCents,
      toCents,
      planId: options.planId,
      interval: options.interval,
      subscriptionId: options.subscriptionId,
      cause: options.cause,
    })
    .returning();
  return row!;
}
