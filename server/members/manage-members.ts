import { and, eq } from "drizzle-orm";
import { recordAuditEvent, type RequestMeta } from "../audit/record-audit-event";
import type { Transaction } from "../db/client";
import { withTenant } from "../db/with-tenant";
import { actorOf, recordEvent } from "../events/record-event";
import { memberships, notifications, users, type MembershipRole } from "../db/schema";
import { AppError } from "../errors";
import { hasPermission } from "../../lib/permissions";
import { revokeInvitationsTo, revokeLapsedInvitations } from "./invitations";

type Actor = { tenantId: string; actorUserId: string; meta: RequestMeta };

const LAST_OWNER = "A workspace always keeps at least one owner. Make someone else an owner first.";

/**
 * Locks every membership of the workspace, always in the same order (by user id): two writers
 * that lock members in the order a scan happens to meet them can each hold the row the other waits
 * for, and PostgreSQL then aborts one with a deadlock (removing a member while that member deletes
 * their account did). Every writer that locks more than one membership uses this.
 */
export async function lockMembers(tx: Transaction, tenantId: string) {
  return tx
    .select({ userId: memberships.userId, role: memberships.role, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.tenantId, tenantId))
    .orderBy(memberships.userId)
    .for("update", { of: memberships });
}

/**
 * Locks the members and finds the acting member and the one acted on (not-found otherwise). The
 * actor's role is checked again here, under the lock: the request's check read it before, and two
 * admins demoting each other at once would otherwise both succeed (the second as a mere member).
 */
async function lockActorAndTarget(tx: Transaction, tenantId: string, actorUserId: string, targetUserId: string) {
  const members = await lockMembers(tx, tenantId);
  const actor = members.find((m) => m.userId === actorUserId);
  const target = members.find((m) => m.userId === targetUserId);
  if (!actor || !target) throw new AppError("NOT_FOUND", "Member not found.");
  if (!hasPermission(actor.role, "members:manage")) throw new AppError("FORBIDDEN", "Your role in this workspace no longer lets you manage members (it changed a moment ago). Reload the page.");
  return { members, actor, target };
}

/** True when `role` is owner and nobody else holds it. */
function isLastOwner(members: { role: MembershipRole }[], role: MembershipRole): boolean {
  return role === "owner" && members.filter((m) => m.role === "owner").length === 1;
}

async function setRole(tx: Transaction, tenantId: string, userId: string, role: MembershipRole) {
  await tx.update(memberships).set({ role }).where(and(eq(memberships.tenantId, tenantId), eq(memberships.userId, userId)));
}

export async function changeMemberRole(options: Actor & { userId: string; role: MembershipRole }): Promise<void> {
  await withTenant(options.tenantId, async (tx) => {
    const { members, actor, target } = await lockActorAndTarget(tx, options.tenantId, options.actorUserId, options.userId);
    if (target.role === options.role) return;
    if ((target.role === "owner" || options.role === "owner") && actor.role !== "owner") {
      throw new AppError("FORBIDDEN", "Only owners can change owners or make someone an owner.");
    }
    // Never one's own: roles are not nested (billing may do what admin may not), so even a
    // "lower" role can grant something new. Owners step down by transferring ownership or leaving.
    if (target.userId === actor.userId) throw new AppError("FORBIDDEN", "You cannot change your own role. Ask another owner or admin.");
    if (isLastOwner(members, target.role)) throw new AppError("CONFLICT", LAST_OWNER);
    await setRole(tx, options.tenantId, target.userId, options.role);
    await revokeLapsedInvitations(tx, { tenantId: options.tenantId, userId: target.userId, role: options.role, actorUserId: options.actorUserId, meta: options.meta });
    await recordAuditEvent(tx, {
      tenantId: options.tenantId,
      actorUserId: options.actorUserId,
      action: "member.role_changed",
      target: `user:${target.userId}`,
      metadata: { email: target.email, from: target.role, to: options.role },
      meta: options.meta,
    });
    await recordEvent(tx, { tenantId: options.tenantId, type: "member.role_changed", data: { userId: target.userId, fromRole: target.role, toRole: options.role }, actor: actorOf(options.actorUserId, options.meta) });
  });
}

/** Removes a member; their next request already gets not-found (membership is checked every time). */
export async function removeMember(options: Actor & { userId: string }): Promise<void> {
  if (options.userId === options.actorUserId) throw new AppError("BAD_REQUEST", "To remove yourself, leave the workspace instead.");
  await withTenant(options.tenantId, async (tx) => {
    const { members, actor, target } = await lockActorAndTarget(tx, options.tenantId, options.actorUserId, options.userId);
    if (target.role === "owner" && actor.role !== "owner") throw new AppError("FORBIDDEN", "Admins cannot remove owners.");
    if (isLastOwner(members, target.role)) throw new AppError("CONFLICT", LAST_OWNER);
    // Invitations first (their rows, then the membership's: the order an acceptance takes).
    await revokeLapsedInvitations(tx, { tenantId: options.tenantId, userId: target.userId, role: null, actorUserId: options.actorUserId, meta: options.meta });
    await revokeInvitationsTo(tx, { tenantId: options.tenantId, email: target.email, actorUserId: options.actorUserId, meta: options.meta, reason: "left the workspace" });
    await tx.delete(memberships).where(and(eq(memberships.tenantId, options.tenantId), eq(memberships.userId, target.userId)));
    await forgetNotifications(tx, options.tenantId, target.userId);
    await recordAuditEvent(tx, {
      tenantId: options.tenantId,
      actorUserId: options.actorUserId,
      action: "member.removed",
      target: `user:${target.userId}`,
      metadata: { email: target.email, role: target.role },
      meta: options.meta,
    });
    await recordEvent(tx, { tenantId: options.tenantId, type: "member.removed", data: { userId: target.userId, left: false }, actor: actorOf(options.actorUserId, options.meta) });
  });
}

export async function leaveWorkspace(options: Actor): Promise<void> {
  await withTenant(options.tenantId, async (tx) => {
    const members = await lockMembers(tx, options.tenantId);
    const me = members.find((m) => m.userId === options.actorUserId);
    if (!me) throw new AppError("NOT_FOUND", "Workspace not found.");
    if (isLastOwner(members, me.role)) {
      throw new AppError("CONFLICT", "You are the only owner. Transfer ownership to another member before leaving.");
    }
    // Invitations first (their rows, then the membership's: the order an acceptance takes).
    await revokeLapsedInvitations(tx, { tenantId: options.tenantId, userId: me.userId, role: null, actorUserId: options.actorUserId, meta: options.meta });
    await revokeInvitationsTo(tx, { tenantId: options.tenantId, email: me.email, actorUserId: options.actorUserId, meta: options.meta, reason: "left the workspace" });
    await tx.delete(memberships).where(and(eq(memberships.tenantId, options.tenantId), eq(memberships.userId, me.userId)));
    await forgetNotifications(tx, options.tenantId, me.userId);
    await recordAuditEvent(tx, { tenantId: options.tenantId, actorUserId: options.actorUserId, action: "member.left", target: `user:${me.userId}`, metadata: { email: me.email, role: me.role }, meta: options.meta });
    await recordEvent(tx, { tenantId: options.tenantId, type: "member.removed", data: { userId: me.userId, left: true }, actor: actorOf(options.actorUserId, options.meta) });
  });
}

/** The new owner takes over; the previous owner stays on as an admin. */
export async function transferOwnership(options: Actor & { userId: string }): Promise<void> {
  await withTenant(options.tenantId, async (tx) => {
    const { actor, target } = await lockActorAndTarget(tx, options.tenantId, options.actorUserId, options.userId);
    if (actor.role !== "owner") throw new AppError("FORBIDDEN", "Only an owner can transfer ownership.");
    if (target.userId === actor.userId) throw new AppError("BAD_REQUEST", "Choose another member.");
    await setRole(tx, options.tenantId, target.userId, "owner");
    await setRole(tx, options.tenantId, actor.userId, "admin");
    await revokeLapsedInvitations(tx, { tenantId: options.tenantId, userId: actor.userId, role: "admin", actorUserId: options.actorUserId, meta: options.meta });
    await recordAuditEvent(tx, {
      tenantId: options.tenantId,
      actorUserId: options.actorUserId,
      action: "member.ownership_transferred",
      target: `user:${target.userId}`,
      metadata: { to: target.email, from: actor.email },
      meta: options.meta,
    });
    // Two members' roles changed: two events, as integrators would see two role changes.
    for (const [userId, fromRole, toRole] of [[target.userId, target.role, "owner"], [actor.userId, actor.role, "admin"]] as const) {
      if (fromRole === toRole) continue;
      await recordEvent(tx, { tenantId: options.tenantId, type: "member.role_changed", data: { userId, fromRole, toRole }, actor: actorOf(options.actorUserId, options.meta) });
    }
  });
}

/** A person who leaves takes nothing of the workspace's bell with them, and finds none of it if they come back. */
async function forgetNotifications(tx: Transaction, tenantId: string, userId: string): Promise<void> {
  await tx.delete(notifications).where(and(eq(notifications.tenantId, tenantId), eq(notifications.userId, userId)));
}
