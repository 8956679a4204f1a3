import type { Transaction } from "../db/client";
import { tenantStatusChanges, type StatusChangeSource } from "../db/schema";

export type RecordStatusChangeOptions = {
  tenantId: string;
  from: string | null;
  to: string;
  source: StatusChangeSource;
  reason: string;
  actorUserId?: string | null;
  at?: Date;
};

/**
 * Adds a step to the workspace's lifecycle timeline. Always called inside the transaction that
 * changes the status, so the timeline can never disagree with the workspace.
 */
export async function recordStatusChange(tx: Transaction, options: RecordStatusChangeOptions): Promise<void> {
  await tx.insert(tenantStatusChanges).values({
    tenantId: options.tenantId,
    fromStatus: options.from,
    toStatus: options.to,
    source: options.source,
    reason: options.reason.slice(0, 500),
    actorUserId: options.actorUserId ?? null,
    ...(options.at ? { createdAt: options.at } : {}),
  });
}
