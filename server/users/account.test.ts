import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { contextFor, makeTenant, makeUser, TEST_META } from "../../test/factories";
import { addMember } from "../members/add-member";
import { removeMember } from "../members/manage-members";
import { createCaller } from "../trpc/root";
import { deleteAccount, exportAccount, soleOwnerWorkspaces } from "./account";
import { getUserById } from "./get-user";

const admin = postgres(process.env.TEST_ADMIN_URL!, { max: 1, onnotice: () => {} });
afterAll(() => admin.end({ timeout: 5 }));
const PASSWORD = "a long test password";

describe("account export", () => {
  it("holds the profile, memberships and the person's own activity, never the password hash", async () => {
    const a = await makeTenant([{ role: "admin" }]);
    const person = a.members[0]!.user;
    const b = await makeTenant();
    await addMember({ tenantId: b.tenant.id, userId: person.id, role: "member", actorUserId: b.owner.id, meta: TEST_META });
    await createCaller(contextFor({ user: person, tenant: a.tenant })).member.invite({ email: "friend@example.test", role: "member" });

    const data = await exportAccount(person.id);
    expect(data.account).toMatchObject({ id: person.id, email: person.email });
    expect(data.workspaces.map((w) => [w.slug, w.role]).sort()).toEqual([[a.tenant.slug, "admin"], [b.tenant.slug, "member"]].sort());
    const inA = data.workspaces.find((w) => w.slug === a.tenant.slug)!;
    expect(inA.activity.map((e) => e.action)).toEqual(["member.invited"]);
    // Only their own actions: the owner's "added a member" event is not in it.
    expect(data.workspaces.find((w) => w.slug === b.tenant.slug)!.activity).toEqual([]);
    expect(JSON.stringify(data)).not.toMatch(/argon2|password_?hash/i);
  });
});

describe("account deletion", () => {
  it("is blocked while the person is the only owner of a workspace, with a message saying what to do", async () => {
    const { tenant, owner } = await makeTenant();
    expect(await soleOwnerWorkspaces(owner.id)).toEqual([{ slug: tenant.slug, name: tenant.name }]);
    await expect(deleteAccount({ userId: owner.id, email: owner.email, password: PASSWORD, confirm: "DELETE", meta: TEST_META })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      reason: "sole_owner",
      message: `You are the only owner of ${tenant.name}. Transfer ownership to someone else or delete that workspace first.`,
    });
    expect(await getUserById(owner.id)).not.toBeNull();
  });

  it("is refused for platform staff, whose name the operator audit log must keep", async () => {
    const user = await makeUser();
    await admin`update users set operator_role = 'support' where id = ${user.id}`;
    await expect(deleteAccount({ userId: user.id, email: user.email, password: PASSWORD, confirm: "DELETE", meta: TEST_META })).rejects.toMatchObject({ code: "FORBIDDEN", reason: "operator_account" });
    expect(await getUserById(user.id)).not.toBeNull();
  });

  it("needs the password and the typed confirmation", async () => {
    const { tenant, members } = await makeTenant([{ role: "member" }]);
    const person = members[0]!.user;
    await expect(deleteAccount({ userId: person.id, email: person.email, password: PASSWORD, confirm: "yes", meta: TEST_META })).rejects.toMatchObject({ fieldErrors: { confirm: expect.any(Array) } });
    await expect(deleteAccount({ userId: person.id, email: person.email, password: "wrong password!", confirm: "DELETE", meta: TEST_META })).rejects.toMatchObject({ fieldErrors: { password: expect.any(Array) } });
    expect(await getUserById(person.id)).not.toBeNull();
    expect((await createCaller(contextFor({ user: members[0]!.user, tenant })).tenant.current()).role).toBe("member");
  });

  it("removes the person from every workspace and deletes the user, keeping the audit history without them", async () => {
    const a = await makeTenant([{ role: "owner" }]);
    const person = a.members[0]!.user; // a second owner of A
    const b = await makeTenant();
    await addMember({ tenantId: b.tenant.id, userId: person.id, role: "admin", actorUserId: b.owner.id, meta: TEST_META });
    await createCaller(contextFor({ user: person, tenant: b.tenant })).tenant.rename({ name: "Renamed by person" });
    const invitee = `invited-by-the-deleted-${Date.now()}@example.test`;
    await createCaller(contextFor({ user: person, tenant: b.tenant })).member.invite({ email: invitee, role: "member" });

    await deleteAccount({ userId: person.id, email: person.email, password: PASSWORD, confirm: "delete", meta: TEST_META });
    expect(await getUserById(person.id)).toBeNull();
    expect(await admin`select 1 from memberships where user_id = ${person.id}`).toHaveLength(0);
    const ownerA = createCaller(contextFor({ user: a.owner, tenant: a.tenant }));
    const left = await ownerA.audit.list({ filters: { action: "member.account_deleted" } });
    expect(left.items[0]!.metadata).toMatchObject({ email: person.email, role: "owner" });
    // The rename they made in B is still in B's log, no longer linked to a user.
    const [rename] = await admin<{ actor_user_id: string | null }[]>`select actor_user_id from audit_events where tenant_id = ${b.tenant.id} and action = 'tenant.renamed'`;
    expect(rename).toEqual({ actor_user_id: null });
    // What they had sent is revoked (it held a seat and could no longer be accepted), and recorded.
    const [invitation] = await admin<{ revoked_at: Date | null }[]>`select revoked_at from invitations where tenant_id = ${b.tenant.id} and email = ${invitee}`;
    expect(invitation!.revoked_at).not.toBeNull();
    const ownerB = createCaller(contextFor({ user: b.owner, tenant: b.tenant }));
    expect((await ownerB.member.invitations()).map((i) => i.email)).not.toContain(invitee);
    const revoked = await ownerB.audit.list({ filters: { action: "member.invitation_revoked" } });
    expect(revoked.items.map((e) => e.metadata)).toContainEqual(expect.objectContaining({ email: invitee, reason: "sender can no longer invite" }));
    // Their old session is useless: membership checks fail.
    await expect(createCaller(contextFor({ user: person, tenant: b.tenant })).tenant.current()).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("account deletion racing a removal", () => {
  it("an admin removes a member while the member deletes their account: one of them wins, neither fails with a deadlock", { timeout: 30_000 }, async () => {
    const { tenant, owner } = await makeTenant();
    const person = await makeUser();
    await addMember({ tenantId: tenant.id, userId: person.id, role: "member", actorUserId: owner.id, meta: TEST_META });
    // A later write to the owner's rows (a new name, say) puts them after the member's, where a scan
    // of the workspace's members may meet them second.
    await admin`update users set name = name where id = ${owner.id}`;
    await admin`update memberships set role = role where tenant_id = ${tenant.id} and user_id = ${owner.id}`;
    // An invitation still pending to the member's address, held by a third transaction: the deletion
    // stops there, after it locked what it locks first.
    await admin`insert into invitations (tenant_id, email, role, token_hash, expires_at) values (${tenant.id}, ${person.email}, 'member', 'race-test', now() + interval '1 day')`;
    const third = postgres(process.env.TEST_ADMIN_URL!, { max: 1, onnotice: () => {} });
    const blocker = await third.reserve();
    const waitingOnLocks = async () =>
      Number((await admin<{ n: string }[]>`select count(*)::bigint as n from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()`)[0]!.n);
    let deleting: Promise<void> | undefined;
    let removing: Promise<void> | undefined;
    try {
      await blocker`begin`;
      await blocker`select 1 from invitations where tenant_id = ${tenant.id} and token_hash = 'race-test' for update`;
      deleting = deleteAccount({ userId: person.id, email: person.email, password: PASSWORD, confirm: "DELETE", meta: TEST_META });
      deleting.catch(() => {});
      await expect.poll(waitingOnLocks, { timeout: 10_000 }).toBe(1);
      removing = removeMember({ tenantId: tenant.id, actorUserId: owner.id, userId: person.id, meta: TEST_META });
      removing.catch(() => {});
      await expect.poll(waitingOnLocks, { timeout: 10_000 }).toBe(2);
    } finally {
      await blocker`rollback`;
      blocker.release();
      await third.end({ timeout: 5 });
    }
    const [deleted, removed] = await Promise.allSettled([deleting!, removing!]);
    // The deletion went first and holds the workspace's members: the removal then finds nobody to remove.
    expect(deleted.status).toBe("fulfilled");
    expect(removed).toMatchObject({ status: "rejected", reason: { code: "NOT_FOUND" } });
    expect(await getUserById(person.id)).toBeNull();
    expect(await admin`select 1 from memberships where tenant_id = ${tenant.id}`).toHaveLength(1);
  });
});
