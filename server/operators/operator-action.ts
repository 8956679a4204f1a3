import "server-only";
import { recordAuditEvent, type RequestMeta } from "../audit/record-audit-event";
import type { Transaction } from "../db/client";
import type { Tenant } from "../db/schema";
import { withTenant } from "../db/with-tenant";
import { AppError } from "../errors";
import { logger } from "../logger";
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

/** An action that calls the billing provider: what its audit rows carry before and after the call. */
export type ProviderRequest = { tenant: Tenant; reason: string; action: string; metadata: Record<string, unknown> };

/**
 * Writes `<action>_requested` to the operator audit log, with the reason, inside the transaction
 * that checked the action may go ahead. The provider is called only after that commits, so a
 * change the provider carried out is in the log even if the database fails before the outcome.
 */
export async function recordProviderRequest(tx: Transaction, options: WorkspaceActionOptions, request: ProviderRequest): Promise<void> {
  await recordOperatorAuditEvent(tx, {
    actorUserId: options.operator.id,
    action: `${request.action}_requested`,
    target: `tenant:${request.tenant.slug}`,
    reason: request.reason,
    tenantId: request.tenant.id,
    metadata: request.metadata,
    meta: options.meta,
  });
}

/**
 * Calls the provider for a request recorded by recordProviderRequest; a refusal or failure is
 * recorded as `<action>_failed` (best effort: the operator sees the error either way, and the
 * request row already says the call was attempted). Success is the caller's to record.
 */
export async function callProviderForRequest<T>(options: WorkspaceActionOptions, request: ProviderRequest, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const message = error instanceof Error ? error.message.slice(0, 500) : String(error).slice(0, 500);
    await withTenant(request.tenant.id, (tx) =>
      recordOperatorAuditEvent(tx, {
        actorUserId: options.operator.id,
        action: `${request.action}_failed`,
        target: `tenant:${request.tenant.slug}`,
        reason: request.reason,
        tenantId: request.tenant.id,
        metadata: { ...request.metadata, error: message },
        meta: options.meta,
      }),
    ).catch((recordError: unknown) => logger.error("operator action: the provider's failure could not be recorded", { tenantId: request.tenant.id, action: request.action, error: recordError }));
    throw error;
  }
}
