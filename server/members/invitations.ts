import { createHash, randomBytes } from "node:crypto";
import { and, count, eq, gt, isNotNull, isNull, sql } from "drizzle-orm";
import { recordAuditEvent, type RequestMeta } from "../audit/record-audit-event";
import { hasPermission } from "../../lib/permissions";
import { formatLimit } from "../../lib/plans";
import { assertEmailVerified, markEmailVerified } from "../accounts/email-verification";
import { admissionLimit, planChangeUnderWay } from "../billing/entitlements";
import type { Transaction } from "../db/client";
import { findInvitationByTokenHash } from "../db/cross-tenant";
import { withTenant } from "../db/with-tenant";
import { actorOf, recordEvent } from "../events/record-event";
import { invitations, memberships, tenants, users, type MembershipRole } from "../db/schema";
import { enqueueEmails } from "../email/enqueue-email";
import { emailDateTime, emailTranslator } from "../email/email-text";
import { env } from "../env";
import { AppError } from "../errors";
import { originFor } from "../hosts/parse-host";

export const INVITATION_DAYS = 7;

type Actor = { tenantId: string; actorUserId: string; actorRole: MembershipRole; meta: RequestMeta };

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

function inviteLink(token: string): string {
  return `${originFor({ kind: "apex" }, env.ROOT_DOMAIN, env.PUBLIC_PROTOCOL)}/invite/${token}`;
}

/**
 * The invitation email, in the invitee's language when they already have an account that chose
 * one, else in the inviter's (people invite their own team, who mostly share it).
 */
async function sendInvitationEmail(tx: Transaction, options: { invitationId: string; email: string; role: MembershipRole; tenantName: string; inviterName: string | null; inviterLocale: string | null; token: string; expiresAt: Date }) {
  // Only a verified account speaks for the address: someone squatting it unverified does not choose.
  const [invitee] = await tx
    .select({ locale: users.locale })
    .from(users)
    .where(and(eq(sql`lower(${users.email})`, options.email.toLowerCase()), isNotNull(users.emailVerifiedAt)))
    .limit(1);
  const locale = invitee?.locale ?? options.inviterLocale;
  const t = emailTranslator(locale);
  const words = { inviter: options.inviterName ?? t("invitation.someone"), workspace: options.tenantName };
  await enqueueEmails(tx, [
    {
      to: options.email,
      subject: t("invitation.subject", words),
      text: t("invitation.text", { ...words, role: options.role, link: inviteLink(options.token), expires: emailDateTime(options.expiresAt, locale) }),
      dedupeKey: `invitation:${options.invitationId}:${hashToken(options.token)}`,
    },
  ]);
}

/** Seats in use: members plus pending invitations. */
async function assertSeatAvailable(tx: Transaction, tenant: typeof tenants.$inferSelect): Promise<void> {
  const subject = { ...tenant, overrides: tenant.planOverrides };
  const limit = admissionLimit(subject, "members");
  if (limit === "unlimited") return;
  const [members] = await tx.select({ n: count() }).from(memberships).where(eq(memberships.tenantId, tenant.id));
  const [pending] = await tx
    .select({ n: count() })
    .from(invitations)
    .where(and(eq(invitations.tenantId, tenant.id), isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, sql`now()`)));
  if ((members?.n ?? 0) + (pending?.n ?? 0) >= limit) {
    const moving = planChangeUnderWay(subject, "members");
    const message = moving
      ? `The workspace is moving to ${moving}, which includes ${formatLimit(limit)} seats, and members plus pending invitations use them all. Revoke an invitation or remove a member first.`
      : `Your plan includes ${formatLimit(limit)} seats, and members plus pending invitations use them all. Upgrade your plan in Billing or revoke an invitation.`;
    throw new AppError("CONFLICT", message, { reason: "seat_limit" });
  }
}

export async function inviteMember(options: Actor & { email: string; role: MembershipRole }) {
  const email = options.email.trim().toLowerCase();
  if (options.role === "owner" && options.actorRole !== "owner") throw new AppError("FORBIDDEN", "Only owners can invite owners.");
  await assertEmailVerified(options.actorUserId);
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + INVITATION_DAYS * 86_400_000);
  return withTenant(options.tenantId, async (tx) => {
    const [tenant] = await tx.select().from(tenants).where(eq(tenants.id, options.tenantId)).for("update");
    if (!tenant) throw new AppError("NOT_FOUND", "Workspace not found.");
    const [existing] = await tx
      .select({ id: memberships.userId })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.tenantId, options.tenantId), eq(sql`lower(${users.email})`, email)));
    if (existing) throw new AppError("CONFLICT", "This person is already a member.", { fieldErrors: { email: ["Already a member."] } });
    // An expired pending invitation is replaced; a live one must be resent instead.
    const [pending] = await tx
      .select()
      .from(invitations)
      .where(and(eq(invitations.tenantId, options.tenantId), eq(sql`lower(${invitations.email})`, email), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)));
    if (pending && pending.expiresAt > new Date()) {
      throw new AppError("CONFLICT", "This person already has a pending invitation. Resend it from the list below.", { fieldErrors: { email: ["Already invited."] } });
    }
    if (pending) await tx.update(invitations).set({ revokedAt: new Date() }).where(and(eq(invitations.tenantId, options.tenantId), eq(invitations.id, pending.id)));
    await assertSeatAvailable(tx, tenant);
    const [invitation] = await tx
      .insert(invitations)
      .values({ tenantId: options.tenantId, email, role: options.role, tokenHash: hashToken(token), invitedBy: options.actorUserId, expiresAt })
      .returning();
    const [inviter] = await tx.select({ name: users.name, locale: users.locale }).from(users).where(eq(users.id, options.actorUserId));
    await sendInvitationEmail(tx, { invitationId: invitation!.id, email, role: options.role, tenantName: tenant.name, inviterName: inviter?.name ?? null, inviterLocale: inviter?.locale ?? null, token, expiresAt });
    await recordAuditEvent(tx, { tenantId: options.tenantId, actorUserId: options.actorUserId, action: "member.invited", target: `invitation:${invitation!.id}`, metadata: { email, role: options.role }, meta: options.meta });
    await recordEvent(tx, { tenantId: options.tenantId, type: "member.invited", data: { invitationId: invitation!.id, email, role: options.role }, actor: actorOf(options.actorUserId, options.meta) });
    return { id: invitation!.id, email, role: options.role, expiresAt };
  });
}

async function loadPending(tx: Transaction, tenantId: string, invitationId: string) {
  const [invitation] = await tx.select().from(invitations).where(and(eq(invitations.tenantId, tenantId), eq(invitations.id, invitationId))).for("update");
  if (!invitation || invitation.acceptedAt || invitation.revokedAt) throw new AppError("NOT_FOUND", "This invitation is no longer pending.");
  return invitation;
}

/** A fresh link (the old one stops working) and seven more days. */
export async function resendInvitation(options: Actor & { invitationId: string }): Promise<void> {
  await withTenant(options.tenantId, async (tx) => {
    const [inviter] = await tx.select({ name: users.name, locale: users.locale }).from(users).where(eq(users.id, options.actorUserId));
    const invitation = await reissueInvitation(tx, { tenantId: options.tenantId, invitationId: options.invitationId, inviterName: inviter?.name ?? null, inviterLocale: inviter?.locale ?? null, mayManageOwners: options.actorRole === "owner", sentBy: options.actorUserId });
    await recordAuditEvent(tx, { tenantId: options.tenantId, actorUserId: options.actorUserId, action: "member.invitation_resent", target: `invitation:${invitation.id}`, metadata: { email: invitation.email }, meta: options.meta });
  });
}

/**
 * The resend itself, in the caller's transaction (a member's resend, or platform support's):
 * a fresh link and seven more days, the email queued; the caller records the audit event.
 * `sentBy`, a member resending it, becomes its sender: it is their grant from now on
 * (acceptInvitation checks the sender may still make it).
 */
export async function reissueInvitation(tx: Transaction, options: { tenantId: string; invitationId: string; inviterName: string | null; inviterLocale: string | null; mayManageOwners: boolean; sentBy?: string }) {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + INVITATION_DAYS * 86_400_000);
  // The workspace first, as inviteMember locks it: seats are counted under the same lock.
  const [tenant] = await tx.select().from(tenants).where(eq(tenants.id, options.tenantId)).for("update");
  if (!tenant) throw new AppError("NOT_FOUND", "Workspace not found.");
  const invitation = await loadPending(tx, options.tenantId, options.invitationId);
  if (invitation.role === "owner" && !options.mayManageOwners) throw new AppError("FORBIDDEN", "Only owners can manage owner invitations.");
  // An expired invitation gave its seat back (someone else may have it now): sending it again takes
  // a seat like a new invitation, or a resend would let a workspace past its plan's seats.
  if (invitation.expiresAt <= new Date()) await assertSeatAvailable(tx, tenant);
  // Sent again by someone who is not a member (platform support): it stays its sender's grant, so
  // a lapsed one is not mailed again as a link that cannot be accepted.
  if (!options.sentBy && !(await senderMayGrant(tx, invitation))) {
    throw new AppError("CONFLICT", "Whoever sent this invitation can no longer invite to this workspace, so it cannot be accepted. An owner or admin of the workspace must invite again.");
  }
  await tx.update(invitations).set({ tokenHash: hashToken(token), expiresAt, ...(options.sentBy ? { invitedBy: options.sentBy } : {}) }).where(and(eq(invitations.tenantId, options.tenantId), eq(invitations.id, invitation.id)));
  await sendInvitationEmail(tx, { invitationId: invitation.id, email: invitation.email, role: invitation.role, tenantName: tenant.name, inviterName: options.inviterName, inviterLocale: options.inviterLocale, token, expiresAt });
  return { ...invitation, expiresAt };
}

export async function revokeInvitation(options: Actor & { invitationId: string }): Promise<void> {
  await withTenant(options.tenantId, async (tx) => {
    const invitation = await loadPending(tx, options.tenantId, options.invitationId);
    if (invitation.role === "owner" && options.actorRole !== "owner") throw new AppError("FORBIDDEN", "Only owners can manage owner invitations.");
    await tx.update(invitations).set({ revokedAt: new Date() }).where(and(eq(invitations.tenantId, options.tenantId), eq(invitations.id, invitation.id)));
    await recordAuditEvent(tx, { tenantId: options.tenantId, actorUserId: options.actorUserId, action: "member.invitation_revoked", target: `invitation:${invitation.id}`, metadata: { email: invitation.email }, meta: options.meta });
  });
}

export async function listPendingInvitations({ tenantId }: { tenantId: string }) {
  return withTenant(tenantId, (tx) =>
    tx
      .select({ id: invitations.id, email: invitations.email, role: invitations.role, createdAt: invitations.createdAt, expiresAt: invitations.expiresAt, invitedByName: users.name })
      .from(invitations)
      .leftJoin(users, eq(users.id, invitations.invitedBy))
      .where(and(eq(invitations.tenantId, tenantId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
      .orderBy(invitations.createdAt),
  );
}

export type InvitationView =
  | { state: "invalid" }
  | { state: "expired" | "revoked"; tenantName: string }
  | { state: "accepted"; tenantName: string; tenantId: string }
  | { state: "pending"; tenantName: string; tenantSlug: string; email: string; role: MembershipRole; expiresAt: Date };

/** What the accept page shows for a token (nothing about the workspace for unknown tokens). */
export async function viewInvitation({ token }: { token: string }): Promise<InvitationView> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return { state: "invalid" };
  const found = await findInvitationByTokenHash(hashToken(token));
  if (!found) return { state: "invalid" };
  if (found.acceptedAt) return { state: "accepted", tenantName: found.tenantName, tenantId: found.tenantId };
  if (found.revokedAt) return { state: "revoked", tenantName: found.tenantName };
  if (found.expiresAt <= new Date()) return { state: "expired", tenantName: found.tenantName };
  return { state: "pending", tenantName: found.tenantName, tenantSlug: found.tenantSlug, email: found.email, role: found.role, expiresAt: found.expiresAt };
}

const LAPSED = "This invitation is no longer valid: whoever sent it can no longer invite to this workspace. Ask a current owner or admin for a new one.";

/** Whether the invitation's sender may still grant it (a member who manages members; an owner for an owner's seat). */
async function senderMayGrant(tx: Transaction, invitation: { tenantId: string; invitedBy: string | null; role: MembershipRole }): Promise<boolean> {
  if (!invitation.invitedBy) return false;
  const [sender] = await tx
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.tenantId, invitation.tenantId), eq(memberships.userId, invitation.invitedBy)));
  return !!sender && hasPermission(sender.role, "members:manage") && (invitation.role !== "owner" || sender.role === "owner");
}

/** Joins the signed-in user to the invitation's workspace; single use, email must match. */
export async function acceptInvitation(options: { token: string; userId: string; userEmail: string; meta: RequestMeta }): Promise<{ tenantSlug: string }> {
  const view = await viewInvitation({ token: options.token });
  if (view.state === "invalid") throw new AppError("NOT_FOUND", "This invitation link is not valid.");
  if (view.state !== "pending") throw new AppError("CONFLICT", `This invitation has ${view.state === "accepted" ? "already been used" : view.state === "revoked" ? "been revoked" : "expired"}. Ask for a new one.`);
  if (view.email.toLowerCase() !== options.userEmail.toLowerCase()) {
    throw new AppError("FORBIDDEN", `This invitation is for ${view.email}. Sign in with that address to accept it.`);
  }
  const found = (await findInvitationByTokenHash(hashToken(options.token)))!;
  await withTenant(found.tenantId, async (tx) => {
    // The workspace may have been deleted since the look-up: its row lock orders us after that.
    const [tenant] = await tx.select({ deletedAt: tenants.deletedAt }).from(tenants).where(eq(tenants.id, found.tenantId)).for("share");
    if (!tenant || tenant.deletedAt) throw new AppError("NOT_FOUND", "This invitation link is not valid.");
    const invitation = await loadPending(tx, found.tenantId, found.invitationId);
    if (invitation.tokenHash !== hashToken(options.token) || invitation.expiresAt <= new Date()) throw new AppError("CONFLICT", "This invitation link is no longer valid. Ask for a new one.");
    // An invitation grants only what its sender may still grant: sent by someone since removed,
    // no longer allowed to manage members, or (for an owner's seat) no longer an owner, it lapses.
    // Otherwise a removed admin's invitation to an address of their own would let them back in.
    if (!(await senderMayGrant(tx, invitation))) throw new AppError("CONFLICT", LAPSED);
    await tx.update(invitations).set({ acceptedAt: new Date(), acceptedBy: options.userId }).where(and(eq(invitations.tenantId, found.tenantId), eq(invitations.id, invitation.id)));
    // The invitation reached this address: that proves it.
    await markEmailVerified(tx, options.userId, invitation.email);
    const joined = await tx.insert(memberships).values({ tenantId: found.tenantId, userId: options.userId, role: invitation.role }).onConflictDoNothing().returning();
    await recordAuditEvent(tx, {
      tenantId: found.tenantId,
      actorUserId: options.userId,
      action: "member.joined",
      target: `user:${options.userId}`,
      metadata: { email: options.userEmail, role: invitation.role, invitationId: invitation.id, alreadyMember: joined.length === 0 },
      meta: options.meta,
    });
    if (joined.length) {
      await recordEvent(tx, { tenantId: found.tenantId, type: "member.joined", data: { userId: options.userId, email: options.userEmail, role: invitation.role }, actor: actorOf(options.userId) });
    }
  });
  return { tenantSlug: view.tenantSlug };
}

/**
 * Revokes the pending invitations `userId` sent that their role from now on (`role`; null: they
 * are no longer a member) does not let them grant, each recorded: they stop counting as seats and
 * stop showing as pending. acceptInvitation checks the sender again, for whatever slips past.
 */
export async function revokeLapsedInvitations(
  tx: Transaction,
  options: { tenantId: string; userId: string; role: MembershipRole | null; actorUserId: string | null; meta: RequestMeta },
): Promise<void> {
  if (options.role === "owner") return;
  const mayInvite = options.role !== null && hasPermission(options.role, "members:manage");
  const lapsed = await tx
    .update(invitations)
    .set({ revokedAt: new Date() })
    .where(
      and(
        eq(invitations.tenantId, options.tenantId),
        eq(invitations.invitedBy, options.userId),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        // An admin may still invite, except owners.
        mayInvite ? eq(invitations.role, "owner") : undefined,
      ),
    )
    .returning({ id: invitations.id, email: invitations.email });
  for (const invitation of lapsed) {
    await recordAuditEvent(tx, {
      tenantId: options.tenantId,
      actorUserId: options.actorUserId,
      action: "member.invitation_revoked",
      target: `invitation:${invitation.id}`,
      metadata: { email: invitation.email, reason: "sender can no longer invite" },
      meta: options.meta,
    });
  }
}

/**
 * Revokes the pending invitations addressed to someone who joined another way (single sign-on) or
 * is leaving the workspace (removed, leaving, deleting their account): an old link must not bring
 * them back later, possibly with a higher role than the one they had. Called before a membership
 * is deleted, so the invitation row is locked before the membership row, in the same order as an
 * acceptance racing it (no deadlock).
 */
export async function revokeInvitationsTo(
  tx: Transaction,
  options: { tenantId: string; email: string; actorUserId: string | null; meta: RequestMeta; reason: "left the workspace" | "joined by single sign-on" },
): Promise<void> {
  const revoked = await tx
    .update(invitations)
    .set({ revokedAt: new Date() })
    .where(
      and(
        eq(invitations.tenantId, options.tenantId),
        sql`lower(${invitations.email}) = lower(${options.email})`,
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
      ),
    )
    .returning({ id: invitations.id, email: invitations.email });
  for (const invitation of revoked) {
    await recordAuditEvent(tx, {
      tenantId: options.tenantId,
      actorUserId: options.actorUserId,
      action: "member.invitation_revoked",
      target: `invitation:${invitation.id}`,
      metadata: { email: invitation.email, reason: options.reason },
      meta: options.meta,
    });
  }
}
