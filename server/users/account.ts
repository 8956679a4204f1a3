import { and, asc, eq, sql } from "drizzle-orm";
import { recordEvent } from "../events/record-event";
import { recordAuditEvent, type RequestMeta } from "../audit/record-audit-event";
import { listUserWorkspaces } from "../db/cross-tenant";
import { getDb } from "../db/client";
import { withTenant } from "../db/with-tenant";
import { auditEvents, authSessions, memberships, users } from "../db/schema";
import { revokeInvitationsTo, revokeLapsedInvitations } from "../members/invitations";
import { lockMembers } from "../members/manage-members";
import { forgetSessionVersion } from "../auth/session-version";
import { forgetSessionStates } from "../sessions/session-state";
import { AppError } from "../errors";
import { authenticateUser } from "./authenticate-user";

// A person's own data, across the workspaces they belong to: export it, or delete the account.

/** Workspaces where this user is the only owner: the account cannot be deleted while any exist. */
export async function soleOwnerWorkspaces(userId: string): Promise<{ slug: string; name: string }[]> {
  const owned = (await listUserWorkspaces(userId)).filter((w) => w.role === "owner");
  const sole: { slug: string; name: string }[] = [];
  for (const w of owned) {
    const [row] = await withTenant(w.tenantId, (tx) =>
      tx
        .select({ n: sql<number>`count(*)::int` })
        .from(memberships)
        .where(and(eq(memberships.tenantId, w.tenantId), eq(memberships.role, "owner"))),
    );
    if ((row?.n ?? 0) <= 1) sole.push({ slug: w.slug, name: w.name });
  }
  return sole;
}

/** Everything Atrium holds about the person (not the workspaces' data, which their owners export). */
export async function exportAccount(userId: string) {
  const [user] = await getDb()
    .select({ id: users.id, email: users.email, name: users.name, createdAt: users.createdAt, operatorRole: users.operatorRole })
    .from(users)
    .where(eq(users.id, userId));
  if (!user) throw new AppError("NOT_FOUND", "Account not found.");
  const workspaces = [];
  for (const w of await listUserWorkspaces(userId)) {
    const detail = await withTenant(w.tenantId, async (tx) => {
      const [membership] = await tx
        .select({ joinedAt: memberships.createdAt })
        .from(memberships)
        .where(and(eq(memberships.tenantId, w.tenantId), eq(memberships.userId, userId)));
      const activity = await tx
        .select({ action: auditEvents.action, target: auditEvents.target, ip: auditEvents.ip, userAgent: auditEvents.userAgent, createdAt: auditEvents.createdAt })
        .from(auditEvents)
        .where(and(eq(auditEvents.tenantId, w.tenantId), eq(auditEvents.actorUserId, userId)))
        .orderBy(asc(auditEvents.createdAt))
        .limit(10_000);
      return { joinedAt: membership?.joinedAt ?? null, activity };
    });
    workspaces.push({ slug: w.slug, name: w.name, role: w.role, ...detail });
  }
  return { format: "atrium-account-export", version: 1, exportedAt: new Date().toISOString(), account: user, workspaces };
}

export type DeleteAccountOptions = { userId: string; email: string; password: string; confirm: string; meta: RequestMeta };

/**
 * Deletes the account after the password is entered again. Refused while the person is the only
 * owner of a workspace. Memberships end and the user row goes in one transaction; audit events
 * they made stay, without the link to them (the workspaces' history stays intact).
 */
export async function deleteAccount({ userId, email, password, confirm, meta }: DeleteAccountOptions): Promise<void> {
  if (confirm.trim().toUpperCase() !== "DELETE") {
    throw new AppError("BAD_REQUEST", "Type DELETE to confirm.", { fieldErrors: { confirm: ["Type DELETE to confirm."] } });
  }
  const user = await authenticateUser({ email, password, ip: meta.ip });
  if (!user || user.id !== userId) throw new AppError("BAD_REQUEST", "That password is not correct.", { fieldErrors: { password: ["That password is not correct."] } });
  // Platform staff: their name is on the operator audit log, which deleting the account would
  // erase from every row (the log's link to its actor would be set to null). Whoever manages
  // operator accounts removes the role first (README "Operator console": users.operator_role).
  const [staff] = await getDb().select({ role: users.operatorRole }).from(users).where(eq(users.id, userId));
  if (staff?.role) {
    throw new AppError("FORBIDDEN", "This account is platform staff (it has an operator role), so it cannot be deleted here: the operator audit log must keep who acted. Whoever manages operator accounts removes the role first.", { reason: "operator_account" });
  }

  // One order for the workspaces too, so two deletions sharing workspaces lock them alike.
  const workspaces = (await listUserWorkspaces(userId)).sort((a, b) => (a.tenantId < b.tenantId ? -1 : a.tenantId > b.tenantId ? 1 : 0));
  const sessionIds = await getDb().transaction(async (tx) => {
    for (const w of workspaces) {
      // The tenant setting is transaction-local; switching it scopes each workspace's statements.
      await tx.execute(sql`select set_config('app.tenant_id', ${w.tenantId}, true)`);
      // Decided on the rows locked here, not on the list read before the transaction. Every member,
      // in the order every other writer locks them (lockMembers): a removal of this person running
      // at the same time then waits for this transaction instead of deadlocking with it.
      const owners = (await lockMembers(tx, w.tenantId)).filter((m) => m.role === "owner");
      if (owners.some((o) => o.userId === userId) && owners.length <= 1) {
        throw new AppError("BAD_REQUEST", `You are the only owner of ${w.name}. Transfer ownership to someone else or delete that workspace first.`, { reason: "sole_owner" });
      }
      // What they sent can no longer be granted by anyone (its sender is gone): revoked and recorded,
      // as when a member leaves, instead of holding seats until it expires.
      await revokeLapsedInvitations(tx, { tenantId: w.tenantId, userId, role: null, actorUserId: null, meta });
      // A new account with the same address must not come back through an invitation still pending.
      await revokeInvitationsTo(tx, { tenantId: w.tenantId, email: user.email, actorUserId: null, meta, reason: "left the workspace" });
      await tx.delete(memberships).where(and(eq(memberships.tenantId, w.tenantId), eq(memberships.userId, userId)));
      await recordAuditEvent(tx, { tenantId: w.tenantId, actorUserId: null, action: "member.account_deleted", target: `user:${user.email}`, metadata: { email: user.email, role: w.role }, meta });
      await recordEvent(tx, { tenantId: w.tenantId, type: "member.removed", data: { userId, left: true }, actor: { type: "user", id: userId } });
    }
    await tx.execute(sql`select set_config('app.tenant_id', '', true)`);
    const sessions = await tx.select({ id: authSessions.id }).from(authSessions).where(eq(authSessions.userId, userId));
    // Remaining references (memberships of deleted workspaces, hand-offs, sessions) go with the row.
    await tx.delete(users).where(eq(users.id, userId));
    return sessions.map((s) => s.id);
  });
  // Every instance forgets the cached checks of those sessions (they now find no user).
  forgetSessionVersion(userId);
  forgetSessionStates(userId, sessionIds);
}
