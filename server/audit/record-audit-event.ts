import type { Transaction } from "../db/client";
import { auditEvents } from "../db/schema";

export type RequestMeta = {
  ip: string | null;
  userAgent: string | null;
  /** Set when the request comes from an operator's support access (server/support): its grant. */
  supportGrantId?: string;
};

export type RecordAuditEventOptions = {
  tenantId: string;
  actorUserId: string | null;
  action: string;
  target?: string | null;
  metadata?: Record<string, unknown>;
  meta: RequestMeta;
};

/** Always called inside the transaction of the change it records. */
export async function recordAuditEvent(tx: Transaction, options: RecordAuditEventOptions): Promise<void> {
  await tx.insert(auditEvents).values({
    tenantId: options.tenantId,
    actorUserId: options.actorUserId,
    action: options.action,
    target: options.target ?? null,
    ip: options.meta.ip?.slice(0, 64) ?? null,
    userAgent: options.meta.userAgent?.slice(0, 512) ?? null,
    // A change made during support access says so in the workspace's log (the actor is the operator).
    metadata: options.meta.supportGrantId ? { ...options.metadata, by: "platform support", supportGrantId: options.meta.supportGrantId } : (options.metadata ?? {}),
  });
}
