import { and, eq, sql } from "drizzle-orm";
import { TRPCError } from "@trpc/server";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { contextFor, makeTenant, makeUser, TEST_META } from "../../test/factories";
import { mintHandoff, redeemHandoffGrant } from "../auth/handoff";
import { getDb } from "../db/client";
import { auditEvents, operatorAuditEvents, tenants } from "../db/schema";
import { withTenant } from "../db/with-tenant";
import type { Operator } from "../operators/operator-action";
import { deleteWorkspace } from "../operators/delete-workspace";
import { createSessionRecord } from "../sessions/create-session-record";
import { isSessionActive } from "../sessions/session-state";
import { createCaller } from "../trpc/root";
import type { Context } from "../trpc/context";
import { claimSupportGrant, endSupportAccess, listSupportGrants, newSupportSessionId, READ_ONLY_SUPPORT_MESSAGE, startSupportAccess, type SupportAccess } from "./support-access";

const adminSql = postgres(process.env.TEST_ADMIN_URL!, { max: 1, onnotice: () => {} });
afterAll(() => adminSql.end({ timeout: 5 }));

async function operator(role: Operator["role"]): Promise<Operator & { email: string; name: string }> {
  const user = await makeUser("Operator");
  await getDb().execute(sql`update users set operator_role = ${role} where id = ${user.id}`);
  return { id: user.id, role, email: user.email, name: user.name };
}

async function workspaceAudit(tenantId: string, action: string) {
  return withTenant(tenantId, (tx) => tx.select().from(auditEvents).where(and(eq(auditEvents.tenantId, tenantId), eq(auditEvents.action, action))));
}

/** The tRPC context of a support session on the workspace's host. */
function supportContext(user: { id: string; email: string; name: string }, tenant: Parameters<typeof contextFor>[0]["tenant"], support: SupportAccess): Context {
  const ctx = contextFor({ user, tenant });
  return { ...ctx, user: { ...ctx.user!, support }, meta: { ...ctx.meta, supportGrantId: support.grantId }, memo: {} };
}

async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string } | null> {
  try {
    await promise;
    return null;
  } catch (error) {
    return error instanceof TRPCError ? { code: error.code, message: error.message } : { code: "?", message: String(error) };
  }
}

describe("starting support access", () => {
  it("lets either operator role start read-only access, recorded in both audit logs with the reason", async () => {
    const { tenant } = await makeTenant();
    const support = await operator("support");
    const { grant, slug } = await startSupportAccess({ operator: support, tenantId: tenant.id, reason: "  ticket #1234: invoices look wrong ", meta: TEST_META });
    expect(slug).toBe(tenant.slug);
    expect(grant).toMatchObject({ tenantId: tenant.id, write: false });
    // 30 minutes by default (the database's clock).
    const minutes = (grant.expiresAt.getTime() - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(29);
    expect(minutes).toBeLessThanOrEqual(30.1);
    const [workspaceRow] = await workspaceAudit(tenant.id, "support.access_started");
    expect(workspaceRow).toMatchObject({ actorUserId: null, metadata: expect.objectContaining({ by: "platform support", reason: "ticket #1234: invoices look wrong", access: "read-only", minutes: 30, grantId: grant.grantId }) });
    const operatorRows = await getDb().select().from(operatorAuditEvents).where(and(eq(operatorAuditEvents.targetTenantId, tenant.id), eq(operatorAuditEvents.action, "support.access_started")));
    expect(operatorRows).toEqual([expect.objectContaining({ actorUserId: support.id, reason: "ticket #1234: invoices look wrong" })]);
    expect(await listSupportGrants(tenant.id)).toEqual([expect.objectContaining({ id: grant.grantId, operatorEmail: support.email, write: false, redeemed: false, expired: false, endedAt: null })]);
  });

  it("gives write access only to operator admins, with a reason of its own", async () => {
    const { tenant } = await makeTenant();
    const support = await operator("support");
    const admin = await operator("admin");
    const input = { tenantId: tenant.id, reason: "customer asked for help", write: true, meta: TEST_META };
    await expect(startSupportAccess({ ...input, operator: support, writeReason: "fix their settings" })).rejects.toMatchObject({ code: "FORBIDDEN", message: expect.stringMatching(/operator admins/) });
    await expect(startSupportAccess({ ...input, operator: admin })).rejects.toMatchObject({ code: "BAD_REQUEST", fieldErrors: { writeReason: [expect.any(String)] } });
    await expect(startSupportAccess({ ...input, operator: admin, writeReason: "x" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await listSupportGrants(tenant.id)).toHaveLength(0);
    const { grant } = await startSupportAccess({ ...input, operator: admin, writeReason: "rename the workspace for them", minutes: "60" });
    expect(grant.write).toBe(true);
    const [row] = await workspaceAudit(tenant.id, "support.access_started");
    expect(row!.metadata).toMatchObject({ access: "read and write", writeReason: "rename the workspace for them", minutes: 60 });
  });

  it("refuses non-operators, bad input and deleted workspaces with a readable 4xx, writing nothing", async () => {
    const { tenant } = await makeTenant();
    const admin = await operator("admin");
    const stranger = await makeUser();
    const base = { tenantId: tenant.id, reason: "looking into a report", meta: TEST_META };
    await expect(startSupportAccess({ ...base, operator: { id: stranger.id, role: "member" } as never })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(startSupportAccess({ ...base, operator: null as never })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(startSupportAccess({ ...base, operator: admin, reason: "no" })).rejects.toMatchObject({ code: "BAD_REQUEST", fieldErrors: { reason: [expect.any(String)] } });
    await expect(startSupportAccess({ ...base, operator: admin, reason: "bad\u0000bytes here" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    for (const minutes of ["0", "4", "241", "abc", "30.5", -30]) {
      await expect(startSupportAccess({ ...base, operator: admin, minutes })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    }
    await expect(startSupportAccess({ ...base, operator: admin, tenantId: "not-a-uuid" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(startSupportAccess({ ...base, operator: admin, tenantId: "00000000-0000-4000-8000-000000000000" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await listSupportGrants(tenant.id)).toHaveLength(0);
    await deleteWorkspace({ operator: admin, tenantId: tenant.id, reason: "closing it", meta: TEST_META });
    await expect(startSupportAccess({ ...base, operator: admin })).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await listSupportGrants(tenant.id)).toHaveLength(0);
  });
});

describe("redeeming support access through the host hand-off", () => {
  it("carries the grant to the workspace's host and binds it to one session, once", async () => {
    const { tenant } = await makeTenant();
    const admin = await operator("admin");
    const { grant } = await startSupportAccess({ operator: admin, tenantId: tenant.id, reason: "checking a bug report", meta: TEST_META });
    const host = `${tenant.slug}.localhost:3000`;
    const token = await mintHandoff({ userId: admin.id, targetHost: host, support: { tenantId: tenant.id, grantId: grant.grantId } });
    // Another host does not redeem it (and does not spend it).
    expect(await redeemHandoffGrant({ token, host: "other.localhost:3000" })).toBeNull();
    const redeemed = await redeemHandoffGrant({ token, host });
    expect(redeemed).toEqual({ userId: admin.id, parentSessionId: null, ssoTenantId: null, support: { tenantId: tenant.id, grantId: grant.grantId } });
    // Someone else cannot claim an operator's grant.
    const stranger = await makeUser();
    expect(await claimSupportGrant(redeemed!.support!, stranger.id, newSupportSessionId())).toBeNull();
    const sessionId = newSupportSessionId();
    const claimed = await claimSupportGrant(redeemed!.support!, admin.id, sessionId);
    expect(claimed).toMatchObject({ grantId: grant.grantId, tenantId: tenant.id, write: false });
    // A second redemption (a replayed or second hand-off for the same grant) gets nothing.
    expect(await claimSupportGrant(redeemed!.support!, admin.id, newSupportSessionId())).toBeNull();
    expect((await listSupportGrants(tenant.id))[0]).toMatchObject({ redeemed: true });
  });

  it("does not open an expired or ended grant", async () => {
    const { tenant } = await makeTenant();
    const admin = await operator("admin");
    const first = await startSupportAccess({ operator: admin, tenantId: tenant.id, reason: "first look", meta: TEST_META });
    // The runtime role cannot move a grant's times (drizzle/0033): the test's superuser does.
    await adminSql`update support_access_grants set started_at = now() - interval '2 hours', expires_at = now() - interval '1 hour' where tenant_id = ${tenant.id} and id = ${first.grant.grantId}`;
    expect(await claimSupportGrant({ tenantId: tenant.id, grantId: first.grant.grantId }, admin.id, newSupportSessionId())).toBeNull();
    expect((await listSupportGrants(tenant.id)).find((g) => g.id === first.grant.grantId)).toMatchObject({ expired: true });
    const second = await startSupportAccess({ operator: admin, tenantId: tenant.id, reason: "second look", meta: TEST_META });
    expect(await endSupportAccess({ tenantId: tenant.id, grantId: second.grant.grantId, endedBy: "console", actorUserId: admin.id, meta: TEST_META })).toBe(true);
    expect(await claimSupportGrant({ tenantId: tenant.id, grantId: second.grant.grantId }, admin.id, newSupportSessionId())).toBeNull();
    // An operator who lost the role (or write access) between starting and opening opens nothing.
    const fourth = await startSupportAccess({ operator: admin, tenantId: tenant.id, reason: "fourth look", write: true, writeReason: "fix a setting", meta: TEST_META });
    await getDb().execute(sql`update users set operator_role = 'support' where id = ${admin.id}`);
    expect(await claimSupportGrant({ tenantId: tenant.id, grantId: fourth.grant.grantId }, admin.id, newSupportSessionId())).toBeNull();
    const fifth = await startSupportAccess({ operator: { ...admin, role: "support" }, tenantId: tenant.id, reason: "fifth look", meta: TEST_META });
    await getDb().execute(sql`update users set operator_role = null where id = ${admin.id}`);
    expect(await claimSupportGrant({ tenantId: tenant.id, grantId: fifth.grant.grantId }, admin.id, newSupportSessionId())).toBeNull();
    await getDb().execute(sql`update users set operator_role = 'admin' where id = ${admin.id}`);
    // A grant of one workspace named with another workspace's id is nothing.
    const other = await makeTenant();
    const third = await startSupportAccess({ operator: admin, tenantId: tenant.id, reason: "third look", meta: TEST_META });
    expect(await claimSupportGrant({ tenantId: other.tenant.id, grantId: third.grant.grantId }, admin.id, newSupportSessionId())).toBeNull();
  });

  it("ends the session with the grant (from the banner or the console), and the session ends by itself at the expiry", async () => {
    const { tenant } = await makeTenant();
    const admin = await operator("admin");
    const { grant } = await startSupportAccess({ operator: admin, tenantId: tenant.id, reason: "watching a sync", meta: TEST_META });
    const sessionId = newSupportSessionId();
    const claimed = (await claimSupportGrant({ tenantId: tenant.id, grantId: grant.grantId }, admin.id, sessionId))!;
    const user = (await getDb().execute<{ session_version: number }>(sql`select session_version from users where id = ${admin.id}`))[0]!;
    await createSessionRecord({ userId: admin.id, host: `${tenant.slug}.localhost`, ip: null, userAgent: null, id: sessionId, expiresAt: claimed.expiresAt });
    expect(await isSessionActive({ userId: admin.id, version: user.session_version, sessionId })).toBe(true);
    expect(await endSupportAccess({ tenantId: tenant.id, grantId: grant.grantId, endedBy: "operator", actorUserId: admin.id, meta: TEST_META })).toBe(true);
    expect(await isSessionActive({ userId: admin.id, version: user.session_version, sessionId })).toBe(false);
    // Ending it again is a no-op; the workspace's log has one "ended".
    expect(await endSupportAccess({ tenantId: tenant.id, grantId: grant.grantId, endedBy: "operator", actorUserId: admin.id, meta: TEST_META })).toBe(false);
    expect(await workspaceAudit(tenant.id, "support.access_ended")).toEqual([expect.objectContaining({ actorUserId: null, metadata: expect.objectContaining({ by: "platform support", endedBy: "operator" }) })]);
    // A session record past its expiry is refused without anyone ending it.
    const expiredId = newSupportSessionId();
    await createSessionRecord({ userId: admin.id, host: `${tenant.slug}.localhost`, ip: null, userAgent: null, id: expiredId, expiresAt: new Date(Date.now() - 1000) });
    expect(await isSessionActive({ userId: admin.id, version: user.session_version, sessionId: expiredId })).toBe(false);
    await expect(endSupportAccess({ tenantId: tenant.id, grantId: "nope", endedBy: "console", actorUserId: admin.id, meta: TEST_META })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("what a support session may do in the workspace", () => {
  it("reads everything the owner reads, and every mutation is refused with the read-only message", async () => {
    const { tenant } = await makeTenant([{ role: "member" }]);
    const admin = await operator("admin");
    const { grant } = await startSupportAccess({ operator: admin, tenantId: tenant.id, reason: "customer cannot find invoices", meta: TEST_META });
    const caller = createCaller(supportContext(admin, tenant, grant));
    expect((await caller.tenant.current()).id).toBe(tenant.id);
    expect(await caller.member.list()).toHaveLength(2);
    expect((await caller.audit.list({ pageSize: 5 })).items.length).toBeGreaterThan(0);
    expect(await failure(caller.tenant.rename({ name: "Changed by support" }))).toEqual({ code: "FORBIDDEN", message: READ_ONLY_SUPPORT_MESSAGE });
    expect(await failure(caller.member.invite({ email: "someone@example.test", role: "member" }))).toEqual({ code: "FORBIDDEN", message: READ_ONLY_SUPPORT_MESSAGE });
    const [row] = await withTenant(tenant.id, (tx) => tx.select({ name: tenants.name }).from(tenants).where(eq(tenants.id, tenant.id)));
    expect(row!.name).toBe(tenant.name);
  });

  it("with write access, changes land and the workspace's log shows them as platform support", async () => {
    const { tenant } = await makeTenant();
    const admin = await operator("admin");
    const { grant } = await startSupportAccess({ operator: admin, tenantId: tenant.id, reason: "customer asked", write: true, writeReason: "rename for them", meta: TEST_META });
    const caller = createCaller(supportContext(admin, tenant, grant));
    await caller.tenant.rename({ name: "Renamed by support" });
    expect((await caller.tenant.current()).name).toBe("Renamed by support");
    const [renamed] = await workspaceAudit(tenant.id, "tenant.renamed");
    expect(renamed).toMatchObject({ actorUserId: admin.id, metadata: expect.objectContaining({ by: "platform support", supportGrantId: grant.grantId }) });
    // Deleting the workspace or taking its ownership is never done through support access.
    expect(await failure(caller.tenant.delete({ confirmSlug: tenant.slug } as never))).toMatchObject({ code: "FORBIDDEN", message: expect.stringMatching(/operator console/) });
    expect(await failure(caller.member.transferOwnership({ userId: admin.id } as never))).toMatchObject({ code: "FORBIDDEN", message: expect.stringMatching(/operator console/) });
    expect(await failure(caller.member.invite({ email: "new-owner@example.test", role: "owner" }))).toMatchObject({ code: "FORBIDDEN", message: expect.stringMatching(/owner/) });
    await caller.member.invite({ email: "new-member@example.test", role: "member" });
    const [row] = await withTenant(tenant.id, (tx) => tx.select({ deletedAt: tenants.deletedAt }).from(tenants).where(eq(tenants.id, tenant.id)));
    expect(row!.deletedAt).toBeNull();
  });

  it("is nothing in another workspace, or once it has expired", async () => {
    const a = await makeTenant();
    const b = await makeTenant();
    const admin = await operator("admin");
    const { grant } = await startSupportAccess({ operator: admin, tenantId: a.tenant.id, reason: "looking at A", meta: TEST_META });
    expect(await failure(createCaller(supportContext(admin, b.tenant, grant)).tenant.current())).toMatchObject({ code: "NOT_FOUND" });
    const expired = { ...grant, expiresAt: new Date(Date.now() - 1000) };
    expect(await failure(createCaller(supportContext(admin, a.tenant, expired)).tenant.current())).toMatchObject({ code: "NOT_FOUND" });
  });
});
