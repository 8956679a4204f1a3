import { sql } from "drizzle-orm";
import { recordAuditEvent, type RequestMeta } from "../audit/record-audit-event";
import type { Transaction } from "../db/client";
import { listUserWorkspaces } from "../db/cross-tenant";

export type AccountEvent = { userId: string; action: string; metadata: Record<string, unknown>; meta: RequestMeta };

/**
 * A change to a person's account is an audit event in every workspace they belong to, written in
 * the transaction of the change. The tenant setting is transaction-local, so each workspace's
 * insert runs under its own row-level-security scope, then the setting is cleared again.
 */
export async function recordInEveryWorkspace(tx: Transaction, event: AccountEvent): Promise<number> {
  const workspaces = await listUserWorkspaces(event.userId, tx);
  for (const w of workspaces) {
    await tx.execute(sql`select set_config('app.tenant_id', ${w.tenantId}, true)`);
    await recordAuditEvent(tx, { tenantId: w.tenantId, actorUserId: event.userId, action: event.action, target: `user:${event.userId}`, metadata: event.metadata, meta: event.meta });
  }
  if (workspaces.length) await tx.execute(sql`select set_config('app.tenant_id', '', true)`);
  return workspaces.length;
}
