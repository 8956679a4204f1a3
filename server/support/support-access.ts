import { randomUUID } from "node:crypto";
import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import { recordAuditEvent, type RequestMeta } from "../audit/record-audit-event";
import { recordEvent } from "../events/record-event";
import type { SupportGrantRef } from "../auth/handoff";
import { authSessions, supportAccessGrants, users, SUPPORT_ACCESS_MAX_MINUTES } from "../db/schema";
import { afterCommit, withTenant } from "../db/with-tenant";
import { AppError } from "../errors";
import { checkWorkspaceId, ZOperatorReason, type Operator } from "../operators/operator-action";
import { recordOperatorAuditEvent } from "../operators/record-operator-audit-event";
import { forgetSessionStates } from "../sessions/session-state";
import { lockTenantOrThrow } from "../tenants/lock-tenant";

export const SUPPORT_ACCESS_DEFAULT_MINUTES = 30;

const GRANT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const SUPPORT_ACCESS_MINUTE_CHOICES = [15, 30, 60, 120] as const;

/** What a support session carries in its token (`sup`) and its user: the grant, and what it allows until when. */
export type SupportAccess = { grantId: string; tenantId: string; write: boolean; expiresAt: Date };

export const READ_ONLY_SUPPORT_MESSAGE = "This is read-only support access: nothing can be changed in this session. An operator admin can start support access with write access, giving a reason.";

function reasonOrThrow(value: unknown, field: string): string {
  const parsed = ZOperatorReason.safeParse(value);
  if (parsed.success) return parsed.data;
  const message = parsed.error.issues[0]?.message ?? "Give a reason.";
  throw new AppError("BAD_REQUEST", message, { fieldErrors: { [field]: [message] } });
}

export type StartSupportAccessOptions = {
  operator: Operator;
  tenantId: string;
  reason: unknown;
  minutes?: unknown;
  /** Write access: operator admins only, with a reason of its own. */
  write?: boolean;
  writeReason?: unknown;
  meta: RequestMeta;
};

export type StartedSupportAccess = { grant: SupportAccess; slug: string };

/**
 * An operator starts support access to one workspace: either role may start read-only access;
 * write access needs an operator admin and a separate reason. The grant, the operator audit row
 * and the workspace's own audit row (which its owners see) commit together. A deleted workspace
 * cannot be entered.
 */
export async function startSupportAccess(options: StartSupportAccessOptions): Promise<StartedSupportAccess> {
  const { operator } = options;
  if (!operator || (operator.role !== "admin" && operator.role !== "support")) throw new AppError("FORBIDDEN", "Only operators can start support access.");
  const tenantId = checkWorkspaceId(options.tenantId);
  const reason = reasonOrThrow(options.reason, "reason");
  const minutes = options.minutes === undefined || options.minutes === null || options.minutes === "" ? SUPPORT_ACCESS_DEFAULT_MINUTES : Number(options.minutes);
  if (!Number.isInteger(minutes) || minutes < 5 || minutes > SUPPORT_ACCESS_MAX_MINUTES) {
    throw new AppError("BAD_REQUEST", `Support access lasts between 5 and ${SUPPORT_ACCESS_MAX_MINUTES} minutes.`, { fieldErrors: { minutes: ["Choose a duration."] } });
  }
  const write = options.write === true;
  if (write && operator.role !== "admin") throw new AppError("FORBIDDEN", "Only operator admins can start support access with write access.");
  const writeReason = write ? reasonOrThrow(options.writeReason, "writeReason") : null;
  return withTenant(tenantId, async (tx) => {
    const tenant = await lockTenantOrThrow(tx, tenantId);
    if (tenant.deletedAt) throw new AppError("CONFLICT", "This workspace is deleted; restore it before entering it.");
    const [grant] = await tx
      .insert(supportAccessGrants)
      .values({ tenantId, operatorUserId: operator.id, reason, writeAccess: write, writeReason, expiresAt: sql`now() + make_interval(mins => ${minutes})` as unknown as Date })
      .returning();
    const metadata = { grantId: grant!.id, access: write ? "read and write" : "read-only", minutes, expiresAt: grant!.expiresAt.toISOString(), ...(writeReason ? { writeReason } : {}) };
    const target = `tenant:${tenant.slug}`;
    await recordOperatorAuditEvent(tx, { actorUserId: operator.id, action: "support.access_started", target, reason, tenantId, metadata, meta: options.meta });
    await recordAuditEvent(tx, { tenantId, actorUserId: null, action: "support.access_started", target, metadata: { ...metadata, by: "platform support", reason }, meta: options.meta });
    await recordEvent(tx, {
      tenantId,
      type: "support.access_started",
      data: { grantId: grant!.id, mode: write ? "write" : "read", minutes, reason: reason.slice(0, 1000) },
      actor: { type: "operator", id: operator.id },
    });
    return { grant: { grantId: grant!.id, tenantId, write, expiresAt: grant!.expiresAt }, slug: tenant.slug };
  });
}

/**
 * Redeems a grant for the session about to be created on the workspace's host (`sessionId`): the
 * grant must be live (not ended, not expired) and not redeemed before, and its operator must still
 * be one (an admin, for write access). One conditional UPDATE, so a hand-off link cannot open two
 * sessions.
 */
export async function claimSupportGrant(ref: SupportGrantRef, userId: string, sessionId: string): Promise<SupportAccess | null> {
  return withTenant(ref.tenantId, async (tx) => {
    const [row] = await tx
      .update(supportAccessGrants)
      .set({ authSessionId: sessionId })
      .where(
        and(
          eq(supportAccessGrants.tenantId, ref.tenantId),
          eq(supportAccessGrants.id, ref.grantId),
          eq(supportAccessGrants.operatorUserId, userId),
          isNull(supportAccessGrants.endedAt),
          isNull(supportAccessGrants.authSessionId),
          gt(supportAccessGrants.expiresAt, sql`now()`),
          sql`exists (select 1 from ${users} where ${users.id} = ${userId} and (${users.operatorRole} = 'admin' or (${users.operatorRole} = 'support' and not ${supportAccessGrants.writeAccess})))`,
        ),
      )
      .returning();
    return row ? { grantId: row.id, tenantId: row.tenantId, write: row.writeAccess, expiresAt: row.expiresAt } : null;
  });
}

export type EndSupportAccessOptions = { tenantId: string; grantId: string; endedBy: "operator" | "console"; actorUserId: string; meta: RequestMeta };

/**
 * Ends a grant now (from the banner in the workspace, or from the console): its session on the
 * workspace's host is ended with it, and the workspace's audit log says so. Ending one that has
 * already ended or expired is a no-op (false).
 */
export async function endSupportAccess({ tenantId, grantId, endedBy, actorUserId, meta }: EndSupportAccessOptions): Promise<boolean> {
  checkWorkspaceId(tenantId);
  // A UUID exactly: anything PostgreSQL would refuse to cast (36 dashes, say) is not found, never a 500.
  if (typeof grantId !== "string" || !GRANT_ID.test(grantId)) throw new AppError("NOT_FOUND", "That support access was not found.");
  return withTenant(tenantId, async (tx) => {
    const [grant] = await tx
      .update(supportAccessGrants)
      .set({ endedAt: sql`now()` })
      .where(and(eq(supportAccessGrants.tenantId, tenantId), eq(supportAccessGrants.id, grantId), isNull(supportAccessGrants.endedAt), gt(supportAccessGrants.expiresAt, sql`now()`)))
      .returning();
    if (!grant) return false;
    if (grant.authSessionId) {
      const ended = await tx
        .update(authSessions)
        .set({ revokedAt: sql`now()` })
        .where(and(eq(authSessions.id, grant.authSessionId), isNull(authSessions.revokedAt)))
        .returning({ id: authSessions.id, userId: authSessions.userId });
      afterCommit(tx, () => ended.forEach((s) => forgetSessionStates(s.userId, [s.id])));
    }
    const metadata = { grantId, endedBy, by: "platform support" };
    await recordAuditEvent(tx, { tenantId, actorUserId: null, action: "support.access_ended", target: null, metadata, meta });
    if (endedBy === "console") {
      await recordOperatorAuditEvent(tx, { actorUserId, action: "support.access_ended", target: `grant:${grantId}`, reason: "ended from the console", tenantId, metadata, meta });
    }
    return true;
  });
}

export type SupportGrantRow = {
  id: string;
  operatorEmail: string | null;
  reason: string;
  write: boolean;
  writeReason: string | null;
  startedAt: Date;
  expiresAt: Date;
  endedAt: Date | null;
  redeemed: boolean;
  /** Past its expiry (by the database's clock). */
  expired: boolean;
};

/** The workspace's recent support access grants, newest first (for the console). */
export async function listSupportGrants(tenantId: string, limit = 20): Promise<SupportGrantRow[]> {
  return withTenant(checkWorkspaceId(tenantId), (tx) =>
    tx
      .select({
        id: supportAccessGrants.id,
        operatorEmail: sql<string | null>`(select ${users.email} from ${users} where ${users.id} = ${supportAccessGrants.operatorUserId})`,
        reason: supportAccessGrants.reason,
        write: supportAccessGrants.writeAccess,
        writeReason: supportAccessGrants.writeReason,
        startedAt: supportAccessGrants.startedAt,
        expiresAt: supportAccessGrants.expiresAt,
        endedAt: supportAccessGrants.endedAt,
        redeemed: sql<boolean>`${supportAccessGrants.authSessionId} is not null`,
        expired: sql<boolean>`${supportAccessGrants.expiresAt} <= now()`,
      })
      .from(supportAccessGrants)
      .where(eq(supportAccessGrants.tenantId, tenantId))
      .orderBy(desc(supportAccessGrants.startedAt))
      .limit(limit),
  );
}

/** A fresh id for the session a grant will open (claimSupportGrant binds it first). */
export function newSupportSessionId(): string {
  return randomUUID();
}

/** Whether a request under this support access may change anything. */
export function supportMayWrite(support: Pick<SupportAccess, "write"> | null | undefined): boolean {
  return !support || support.write;
}

