import "server-only";
import { recordAuditEvent, type RequestMeta } from "../audit/record-audit-event";
import type { Transaction } from "../db/client";
import type { Tenant } from "../db/schema";
import { withTenant } from "../db/with-tenant";
import { AppError } from "../errors";
import { lockTenantOrThrow } from "../tenants/lock-tenant";
import { zText } from "../../lib/text";
import { recordOperatorAuditEvent } from "./record-operator-audit-event";

/** The operator acting, as operatorAccess() resolves them (server/auth/operator-access.ts). */
export type Operator = { id: string; role: "support" | "admin" };

/** What every operator action on a workspace takes. */
export type WorkspaceActionOptions = { operator: Operator; tenantId: string; reason: string; meta: RequestMeta };

export const ZOperatorReason = zText({ min: 3, max: 500, tooShort: "Say why (at least 3 characters).", tooLong: "Keep the reason under 500 characters." });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Refuses anyone but an operator admin (support reads only), then returns the trimmed reason. */
export function checkOperatorAction(operator: Operator | null | undefined, reason: unknown): string {
  if (!operator || operator.role !== "admin") {
    throw new AppError("FORBIDDEN", "Only operator admins can act on workspaces; support can read and start read-only access.");
  }
  const parsed = ZOperatorReason.safeParse(reason);
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? "Give a reason.";
    throw new AppError("BAD_REQUEST", message, { fieldErrors: { reason: [message] } });
  }
  return parsed.data;
}

/** A workspace id from a form or URL: anything but a UUID is a workspace that does not exist. */
export function checkWorkspaceId(tenantId: unknown): string {
  if (typeof tenantId !== "string" || !UUID.test(tenantId)) throw new AppError("NOT_FOUND", "Workspace not found.");
  return tenantId;
}

/** What an action did, for both audit logs. */
export type ActionRecord<T> = { metadata?: Record<string, unknown>; result: T };

/**
 * Runs one operator action on one workspace: admin check and reason first, then a single
 * transaction that locks the workspace, applies the change (`apply`) and writes the event to the
 * operator audit log and to the workspace's own (actor shown as platform support, with the
 * reason). A deleted workspace is refused unless `onDeleted` is "allow" (restoring it).
 */
export async function actOnWorkspace<T>(
  options: WorkspaceActionOptions,
  action: string,
  apply: (tx: Transaction, tenant: Tenant, reason: string) => Promise<ActionRecord<T>>,
  { onDeleted = "refuse" }: { onDeleted?: "refuse" | "allow" } = {},
): Promise<T> {
  const reason = checkOperatorAction(options.operator, options.reason);
  checkWorkspaceId(options.tenantId);
  return withTenant(options.tenantId, async (tx) => {
    const tenant = await lockTenantOrThrow(tx, options.tenantId);
    if (tenant.deletedAt && onDeleted === "refuse") {
      throw new AppError("CONFLICT", `This workspace was deleted on ${tenant.deletedAt.toISOString().slice(0, 10)}. Restore it first.`);
    }
    const { metadata = {}, result } = await apply(tx, tenant, reason);
    const target = `tenant:${tenant.slug}`;
    await recordOperatorAuditEvent(tx, { actorUserId: options.operator.id, action, target, reason, tenantId: tenant.id, metadata, meta: options.meta });
    await recordAuditEvent(tx, { tenantId: tenant.id, actorUserId: null, action, target, metadata: { ...metadata, by: "platform support", reason }, meta: options.meta });
    return result;
  });
}
