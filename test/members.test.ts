import { and, desc, eq, sql } from "drizzle-orm";
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { getDb } from "../server/db/client";
import { withTenant } from "../server/db/with-tenant";
import { emailOutbox, invitations, tenants } from "../server/db/schema";
import { acceptInvitation, viewInvitation } from "../server/members/invitations";
import { changeMemberRole, removeMember } from "../server/members/manage-members";
import { createCaller } from "../server/trpc/root";
import { deleteAccount } from "../server/users/account";
import { createUser } from "../server/users/create-user";
import { contextFor, makeTenant, makeUser, TEST_META } from "./factories";

async function codeOf(promise: Promise<unknown>): Promise<string | null> {
  try {
    await promise;
    return null;
  } catch (error) {
    return error instanceof TRPCError ? error.code : ((error as { code?: string }).code ?? String(error));
  }
}

/** The token from the newest invitation email to `email` (the only place it exists). */
async function tokenFor(email: string): Promise<string> {
  const [mail] = await getDb().select().from(emailOutbox).where(eq(emailOutbox.toAddress, email)).orderBy(desc(emailOutbox.createdAt)).limit(1);
  const match = /\/invite\/([A-Za-z0-9_-]{43})/.exec(mail?.bodyText ?? "");
  if (!match) throw new Error(`no invitation email for ${email}`);
  return match[1]!;
}

const ownerCaller = (t: Awaited<ReturnType<typeof makeTenant>>) => createCaller(contextFor({ user: t.owner, tenant: t.tenant }));

describe("invitations", () => {
  it("an existing user accepts and joins with the invited role; the link is single-use", async () => {
    const t = await makeTenant();
    const invitee = await makeUser("Invitee");
    await ownerCaller(t).member.invite({ email: invitee.email.toUpperCase(), role: "admin" });
    const token = await tokenFor(invitee.email);
    expect(await viewInvitation({ token })).toMatchObject({ state: "pending", role: "admin", tenantSlug: t.tenant.slug });
    await acceptInvitation({ token, userId: invitee.id, userEmail: invitee.email, meta: TEST_META });
    const members = await ownerCaller(t).member.list();
    expect(members.find((m) => m.userId === invitee.id)?.role).toBe("admin");
    expect(await viewInvitation({ token })).toMatchObject({ state: "accepted" });
    await expect(acceptInvitation({ token, userId: invitee.id, userEmail: invitee.email, meta: TEST_META })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("a new person signs up on the way and then accepts", async () => {
    const t = await makeTenant();
    const email = `new-${Date.now()}@example.test`;
    await ownerCaller(t).member.invite({ email, role: "member" });
    const token = await tokenFor(email);
    const person = await createUser({ email, name: "Newcomer", password: "a long test password" });
    expect(await acceptInvitation({ token, userId: person.id, userEmail: person.email, meta: TEST_META })).toEqual({ tenantSlug: t.tenant.slug });
  });

  it("the invitee's email must match", async () => {
    const t = await makeTenant();
    await ownerCaller(t).member.invite({ email: "right@example.test", role: "member" });
    const token = await tokenFor("right@example.test");
    const wrong = await makeUser();
    await expect(acceptInvitation({ token, userId: wrong.id, userEmail: wrong.email, meta: TEST_META })).rejects.toMatchObject({ code: "FORBIDDEN", message: expect.stringMatching(/right@example\.test/) });
  });

  it("expired and revoked invitations cannot be used; resend issues a new link and retires the old", async () => {
    const t = await makeTenant();
    const a = await makeUser();
    await ownerCaller(t).member.invite({ email: a.email, role: "member" });
    const first = await tokenFor(a.email);
    const [inv] = await withTenant(t.tenant.id, (tx) => tx.select().from(invitations).where(eq(invitations.tenantId, t.tenant.id)));
    await ownerCaller(t).member.resendInvitation({ invitationId: inv!.id });
    const second = await tokenFor(a.email);
    expect(second).not.toBe(first);
    expect(await viewInvitation({ token: first })).toEqual({ state: "invalid" });
    await withTenant(t.tenant.id, (tx) => tx.update(invitations).set({ expiresAt: new Date(Date.now() - 1000) }).where(and(eq(invitations.tenantId, t.tenant.id), eq(invitations.id, inv!.id))));
    expect(await viewInvitation({ token: second })).toMatchObject({ state: "expired" });
    await expect(acceptInvitation({ token: second, userId: a.id, userEmail: a.email, meta: TEST_META })).rejects.toMatchObject({ code: "CONFLICT" });

    const b = await makeUser();
    await ownerCaller(t).member.invite({ email: b.email, role: "member" });
    const token = await tokenFor(b.email);
    const pending = await ownerCaller(t).member.invitations();
    await ownerCaller(t).member.revokeInvitation({ invitationId: pending.find((p) => p.email === b.email)!.id });
    expect(await viewInvitation({ token })).toMatchObject({ state: "revoked" });
  });

  it("an invitation lapses when its sender can no longer grant it; one resent by a current admin works", async () => {
    const t = await makeTenant([{ role: "admin" }, { role: "owner" }]);
    const [admin, coOwner] = t.members.map((m) => m.user);
    const as = (user: typeof admin) => createCaller(contextFor({ user: user!, tenant: t.tenant }));
    const [x, y, z] = [await makeUser(), await makeUser(), await makeUser()];
    await as(admin).member.invite({ email: x.email, role: "admin" });
    await as(admin).member.invite({ email: y.email, role: "member" });
    await as(coOwner).member.invite({ email: z.email, role: "owner" });
    const [xToken, zToken] = [await tokenFor(x.email), await tokenFor(z.email)];
    const yInvitation = (await ownerCaller(t).member.invitations()).find((p) => p.email === y.email)!;
    // The admin is removed; the co-owner becomes an admin (who may invite, but not owners). Their
    // invitations they can no longer grant are revoked at once (no longer pending, no seat).
    await ownerCaller(t).member.remove({ userId: admin!.id });
    await ownerCaller(t).member.changeRole({ userId: coOwner!.id, role: "admin" });
    expect((await ownerCaller(t).member.invitations()).map((p) => p.email)).toEqual([]);
    expect(await viewInvitation({ token: xToken })).toMatchObject({ state: "revoked" });
    const gone = { code: "CONFLICT" };
    await expect(acceptInvitation({ token: xToken, userId: x.id, userEmail: x.email, meta: TEST_META })).rejects.toMatchObject(gone);
    await expect(acceptInvitation({ token: zToken, userId: z.id, userEmail: z.email, meta: TEST_META })).rejects.toMatchObject(gone);
    // Accepting checks the sender too, for an invitation that slipped past (revoked flag cleared here).
    await withTenant(t.tenant.id, (tx) => tx.update(invitations).set({ revokedAt: null }).where(and(eq(invitations.tenantId, t.tenant.id), eq(invitations.id, yInvitation.id))));
    await expect(acceptInvitation({ token: await tokenFor(y.email), userId: y.id, userEmail: y.email, meta: TEST_META })).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(/whoever sent it can no longer invite/),
    });
    await ownerCaller(t).member.resendInvitation({ invitationId: yInvitation.id });
    await acceptInvitation({ token: await tokenFor(y.email), userId: y.id, userEmail: y.email, meta: TEST_META });
    const roles = new Map((await ownerCaller(t).member.list()).map((m) => [m.userId, m.role]));
    expect([roles.get(x.id), roles.get(y.id), roles.get(z.id), roles.has(admin!.id)]).toEqual([undefined, "member", undefined, false]);
  });

  it("pending invitations count against the plan's seats, with an upgrade prompt", async () => {
    const t = await makeTenant();
    await withTenant(t.tenant.id, (tx) => tx.update(tenants).set({ status: "active", planId: "starter" }).where(eq(tenants.id, t.tenant.id)));
    const caller = ownerCaller(t);
    for (let i = 0; i < 4; i++) await caller.member.invite({ email: `seat${i}-${Date.now()}@example.test`, role: "member" });
    const error = await caller.member.invite({ email: `one-too-many-${Date.now()}@example.test`, role: "member" }).catch((e: unknown) => e);
    expect((error as TRPCError).code).toBe("CONFLICT");
    expect((error as TRPCError).message).toMatch(/includes 5 seats.*Upgrade your plan/);
  });

  it("resending an expired invitation takes a seat again: its seat may have gone to someone else", async () => {
    const t = await makeTenant();
    await withTenant(t.tenant.id, (tx) => tx.update(tenants).set({ status: "active", planId: "starter" }).where(eq(tenants.id, t.tenant.id)));
    const caller = ownerCaller(t);
    const lapsed = await caller.member.invite({ email: `lapsed-${Date.now()}@example.test`, role: "member" });
    await withTenant(t.tenant.id, (tx) => tx.update(invitations).set({ expiresAt: new Date(Date.now() - 1000) }).where(and(eq(invitations.tenantId, t.tenant.id), eq(invitations.id, lapsed.id))));
    const others = [];
    for (let i = 0; i < 4; i++) others.push(await caller.member.invite({ email: `seat${i}-${Date.now()}@example.test`, role: "member" }));
    expect(await codeOf(caller.member.resendInvitation({ invitationId: lapsed.id }))).toBe("CONFLICT");
    // A live one is resent whatever the count (it already holds its seat).
    await caller.member.resendInvitation({ invitationId: others[0]!.id });
    await caller.member.revokeInvitation({ invitationId: others[1]!.id });
    await caller.member.resendInvitation({ invitationId: lapsed.id });
  });

  it("duplicates are refused clearly; admins cannot invite owners; unknown tokens reveal nothing", async () => {
    const t = await makeTenant([{ role: "admin" }]);
    const admin = createCaller(contextFor({ user: t.members[0]!.user, tenant: t.tenant }));
    expect(await codeOf(admin.member.invite({ email: "boss@example.test", role: "owner" }))).toBe("FORBIDDEN");
    await admin.member.invite({ email: "dup@example.test", role: "member" });
    expect(await codeOf(admin.member.invite({ email: "DUP@example.test", role: "member" }))).toBe("CONFLICT");
    expect(await codeOf(admin.member.invite({ email: t.owner.email, role: "member" }))).toBe("CONFLICT");
    expect(await viewInvitation({ token: "x".repeat(43) })).toEqual({ state: "invalid" });
  });
});

describe("role rules", () => {
  it("a workspace always keeps an owner; admins cannot touch owners; nobody raises their own role", async () => {
    const t = await makeTenant([{ role: "admin" }, { role: "member" }]);
    const [adminUser, memberUser] = t.members.map((m) => m.user);
    const owner = ownerCaller(t);
    const admin = createCaller(contextFor({ user: adminUser!, tenant: t.tenant }));

    expect(await codeOf(owner.member.changeRole({ userId: t.owner.id, role: "admin" }))).toBe("FORBIDDEN");
    expect(await codeOf(owner.member.leave())).toBe("CONFLICT");
    expect(await codeOf(admin.member.changeRole({ userId: t.owner.id, role: "member" }))).toBe("FORBIDDEN");
    expect(await codeOf(admin.member.remove({ userId: t.owner.id }))).toBe("FORBIDDEN");
    expect(await codeOf(admin.member.changeRole({ userId: adminUser!.id, role: "owner" }))).toBe("FORBIDDEN");
    expect(await codeOf(admin.member.changeRole({ userId: memberUser!.id, role: "owner" }))).toBe("FORBIDDEN");
    await admin.member.changeRole({ userId: memberUser!.id, role: "billing" });
    const member = createCaller(contextFor({ user: memberUser!, tenant: t.tenant }));
    expect(await codeOf(member.member.changeRole({ userId: memberUser!.id, role: "admin" }))).toBe("FORBIDDEN");
    // Nor a "lower" role: billing may do what admin may not (invoices, payment methods, the plan).
    expect(await codeOf(admin.member.changeRole({ userId: adminUser!.id, role: "billing" }))).toBe("FORBIDDEN");
    expect(await codeOf(admin.member.changeRole({ userId: adminUser!.id, role: "member" }))).toBe("FORBIDDEN");
    const roles = Object.fromEntries((await owner.member.list()).map((m) => [m.userId, m.role]));
    expect(roles[adminUser!.id]).toBe("admin");
  });

  it("the actor's own role is read again under the lock: two admins demoting each other at once, one wins; a demoted admin removes nobody", async () => {
    for (let round = 0; round < 4; round++) {
      const t = await makeTenant([{ role: "admin" }, { role: "admin" }, { role: "member" }]);
      const [a, b, c] = t.members.map((m) => m.user);
      const asA = createCaller(contextFor({ user: a!, tenant: t.tenant }));
      const asB = createCaller(contextFor({ user: b!, tenant: t.tenant }));
      const outcomes = await Promise.allSettled([asA.member.changeRole({ userId: b!.id, role: "member" }), asB.member.changeRole({ userId: a!.id, role: "member" })]);
      expect(outcomes.filter((o) => o.status === "fulfilled"), `round ${round}`).toHaveLength(1);
      const roles = Object.fromEntries((await ownerCaller(t).member.list()).map((m) => [m.userId, m.role]));
      expect([roles[a!.id], roles[b!.id]].sort(), `round ${round}`).toEqual(["admin", "member"]);
      // The one demoted (whose request passed its check before) changes nothing more.
      const demoted = roles[a!.id] === "member" ? a! : b!;
      expect(await codeOf(removeMember({ tenantId: t.tenant.id, actorUserId: demoted.id, userId: c!.id, meta: TEST_META }))).toBe("FORBIDDEN");
      expect(await codeOf(changeMemberRole({ tenantId: t.tenant.id, actorUserId: demoted.id, userId: c!.id, role: "admin", meta: TEST_META }))).toBe("FORBIDDEN");
    }
  });

  it("someone removed, or leaving, cannot come back through an invitation still pending to their address", async () => {
    // Invited as admin, they joined another way (single sign-on adds a membership and leaves the
    // invitation pending); the old link must not bring them back after they are gone.
    const t = await makeTenant();
    const owner = ownerCaller(t);
    for (const how of ["removed", "left", "deleted their account"] as const) {
      const person = await makeUser(`Person ${how}`);
      await owner.member.invite({ email: person.email, role: "admin" });
      const token = await tokenFor(person.email);
      await withTenant(t.tenant.id, (tx) => tx.execute(sql`insert into memberships (tenant_id, user_id, role) values (${t.tenant.id}, ${person.id}, 'member')`));
      if (how === "removed") await owner.member.remove({ userId: person.id });
      else if (how === "left") await createCaller(contextFor({ user: person, tenant: t.tenant })).member.leave();
      else await deleteAccount({ userId: person.id, email: person.email, password: "a long test password", confirm: "DELETE", meta: TEST_META });
      expect((await viewInvitation({ token })).state, how).not.toBe("pending");
      // Back with the same address (a new account, after deleting the old one): still refused.
      const again = how === "deleted their account" ? await createUser({ email: person.email, name: "Again", password: "a long test password", emailVerified: true }) : person;
      expect(await codeOf(acceptInvitation({ token, userId: again.id, userEmail: again.email, meta: TEST_META })), how).not.toBeNull();
      expect((await owner.member.list()).some((m) => m.email === person.email), how).toBe(false);
    }
  });

  it("a removal racing the acceptance of an invitation to the same person: both end, neither deadlocks", async () => {
    const t = await makeTenant();
    const owner = ownerCaller(t);
    const failures: string[] = [];
    for (let round = 0; round < 6; round++) {
      const person = await makeUser(`Racer ${round}`);
      await owner.member.invite({ email: person.email, role: "admin" });
      const token = await tokenFor(person.email);
      await withTenant(t.tenant.id, (tx) => tx.execute(sql`insert into memberships (tenant_id, user_id, role) values (${t.tenant.id}, ${person.id}, 'member')`));
      const outcomes = await Promise.allSettled([owner.member.remove({ userId: person.id }), acceptInvitation({ token, userId: person.id, userEmail: person.email, meta: TEST_META })]);
      for (const o of outcomes) if (o.status === "rejected" && !["CONFLICT", "NOT_FOUND", "FORBIDDEN", "BAD_REQUEST"].includes(await codeOf(Promise.reject(o.reason)) ?? "")) failures.push(String(o.reason));
      expect(outcomes[0].status, `round ${round}: the removal`).toBe("fulfilled");
      expect((await owner.member.list()).some((m) => m.userId === person.id), `round ${round}`).toBe(false);
    }
    expect(failures).toEqual([]);
  });

  it("removing a member ends their access at once; leaving works; every change is audited", async () => {
    const t = await makeTenant([{ role: "member" }, { role: "billing" }]);
    const [m1, m2] = t.members.map((m) => m.user);
    const removed = createCaller(contextFor({ user: m1!, tenant: t.tenant }));
    expect((await removed.tenant.current()).role).toBe("member");
    await ownerCaller(t).member.remove({ userId: m1!.id });
    expect(await codeOf(removed.tenant.current())).toBe("NOT_FOUND");
    await createCaller(contextFor({ user: m2!, tenant: t.tenant })).member.leave();
    const log = await ownerCaller(t).audit.list({ pageSize: 50 });
    expect(log.items.map((i) => i.action)).toEqual(expect.arrayContaining(["member.removed", "member.left"]));
  });

  it("ownership transfer makes the new owner and keeps the old one as admin", async () => {
    const t = await makeTenant([{ role: "member" }]);
    const next = t.members[0]!.user;
    await ownerCaller(t).member.transferOwnership({ userId: next.id });
    const roles = Object.fromEntries((await ownerCaller(t).member.list()).map((m) => [m.userId, m.role]));
    expect(roles).toEqual({ [next.id]: "owner", [t.owner.id]: "admin" });
    expect(await codeOf(ownerCaller(t).member.transferOwnership({ userId: next.id }))).toBe("FORBIDDEN");
    const count = await withTenant(t.tenant.id, (tx) => tx.execute<{ n: number }>(sql`select count(*)::int as n from audit_events where tenant_id = ${t.tenant.id} and action = 'member.ownership_transferred'`));
    expect(count[0]!.n).toBe(1);
  });
});
