import type { Transaction } from "../db/client";
import { operatorAuditEvents } from "../db/schema";
import type { RequestMeta } from "../audit/record-audit-event";

export type OperatorAuditEventOptions = {
  actorUserId: string;
  action: string;
  target: string;
  reason: string;
  /** The workspace the action touched, if any (it is then also in that workspace's own log). */
  tenantId?: string | null;
  metadata?: Record<string, unknown>;
  meta: RequestMeta;
};

/** Writes to the operator audit log; always inside the transaction of the change it records. */
export async function recordOperatorAuditEvent(tx: Transaction, options: OperatorAuditEventOptions): Promise<void> {
  await tx.insert(operatorAuditEvents).values({
    actorUserId: options.actorUserId,
    action: options.action,
    target: options.target,
    reason: options.reason,
    targetTenantId: options.tenantId ?? null,
    ip: options.meta.ip?.slice(0, 64) ?? null,
    userAgent: options.meta.userAgent?.slice(0, 512) ?? null,
    metadata: options.metadata ?? {},
  });
}
