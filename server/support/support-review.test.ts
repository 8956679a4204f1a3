import { and, eq, sql } from "drizzle-orm";
import postgres from "postgres";
import { encode } from "next-auth/jwt";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { makeTenant, makeUser, TEST_META } from "../../test/factories";
import { getDb } from "../db/client";
import { supportAccessGrants, users, userTotp } from "../db/schema";
import { withTenant } from "../db/with-tenant";
import { requireAuthSecret } from "../env";
import { createSessionRecord } from "../sessions/create-session-record";
import type { Operator } from "../operators/operator-action";

// getSessionUser reads the request's cookies and Host through next/headers: a request of our own.
const request = vi.hoisted(() => ({ cookies: new Map<string, string>(), host: "" }));
vi.mock("next/headers", () => ({
  cookies: async () => ({ get: (name: string) => (request.cookies.has(name) ? { name, value: request.cookies.get(name)! } : undefined) }),
  headers: async () => new Headers({ host: request.host }),
}));

const { getSessionUser } = await import("../auth/current-user");
const { sessionCookieName, supportClaimOf } = await import("../auth/session-token");
const { claimSupportGrant, endSupportAccess, newSupportSessionId, READ_ONLY_SUPPORT_MESSAGE, startSupportAccess } = await import("./support-access");
const { createCaller } = await import("../trpc/root");
const { createContext } = await import("../trpc/context");

const admin = postgres(process.env.TEST_ADMIN_URL!, { max: 1, onnotice: () => {} });
afterAll(() => admin.end({ timeout: 5 }));

beforeEach(() => {
  request.cookies.clear();
  request.host = "";
});

async function operator(role: Operator["role"]) {
  const user = await makeUser("Operator");
  await getDb().update(users).set({ operatorRole: role }).where(eq(users.id, user.id));
  // Operators always have a second factor (the console requires one).
  await getDb().insert(userTotp).values({ userId: user.id, secretSealed: "sealed-for-test", confirmedAt: new Date() });
  return { id: user.id, role, email: user.email, name: user.name };
}

/** Signs the operator in on the workspace's host through support access, as the hand-off does. */
async function supportSession(op: Awaited<ReturnType<typeof operator>>, tenant: { id: string; slug: string }, options: { write?: boolean } = {}) {
  const { grant } = await startSupportAccess({
    operator: op,
    tenantId: tenant.id,
    reason: "customer ticket",
    ...(options.write ? { write: true, writeReason: "fix their settings" } : {}),
    meta: TEST_META,
  });
  const sessionId = newSupportSessionId();
  const claimed = (await claimSupportGrant({ tenantId: tenant.id, grantId: grant.grantId }, op.id, sessionId))!;
  const host = `${tenant.slug}.localhost`;
  await createSessionRecord({ userId: op.id, host, ip: null, userAgent: null, id: sessionId, expiresAt: claimed.expiresAt });
  const [row] = await getDb().execute<{ session_version: number }>(sql`select session_version from users where id = ${op.id}`);
  const token = await encode({
    token: { sub: op.id, sv: row!.session_version, sid: sessionId, host, email: op.email, name: op.name, sup: supportClaimOf(claimed) },
    secret: requireAuthSecret(),
    salt: sessionCookieName(),
    maxAge: 3600,
  });
  request.cookies.set(sessionCookieName(), token);
  request.host = `${host}:3000`;
  return { grant: claimed };
}

async function callerOnHost() {
  return createCaller(await createContext({ headers: new Headers({ host: request.host }), getUser: getSessionUser }));
}

describe("support access follows the operator's role, not only the grant", () => {
  it("stops working as soon as the operator's role is removed", async () => {
    const { tenant } = await makeTenant();
    const op = await operator("support");
    await supportSession(op, tenant);
    expect((await getSessionUser())?.support).toMatchObject({ tenantId: tenant.id });
    expect((await (await callerOnHost()).tenant.current()).id).toBe(tenant.id);
    // Their operator role is taken away (they left the support team) while the grant still runs.
    await getDb().update(users).set({ operatorRole: null }).where(eq(users.id, op.id));
    expect(await getSessionUser()).toBeNull();
    await expect((await callerOnHost()).tenant.current()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("stops working when the operator no longer has a second factor (support skips a workspace's two-factor rule)", async () => {
    const { tenant } = await makeTenant();
    const op = await operator("support");
    await supportSession(op, tenant);
    expect(await getSessionUser()).not.toBeNull();
    await getDb().delete(userTotp).where(eq(userTotp.userId, op.id));
    expect(await getSessionUser()).toBeNull();
  });

  it("loses write access when an operator admin is made a support operator", async () => {
    const { tenant } = await makeTenant();
    const op = await operator("admin");
    await supportSession(op, tenant, { write: true });
    expect((await getSessionUser())?.support?.write).toBe(true);
    await getDb().update(users).set({ operatorRole: "support" }).where(eq(users.id, op.id));
    expect((await getSessionUser())?.support).toMatchObject({ tenantId: tenant.id, write: false });
    await expect((await callerOnHost()).tenant.rename({ name: "Renamed after the downgrade" })).rejects.toMatchObject({ code: "FORBIDDEN", message: READ_ONLY_SUPPORT_MESSAGE });
  });
});

describe("ending support access with a malformed grant id", () => {
  it("answers not found (never a database error) for 36 characters that are not a UUID", async () => {
    const { tenant } = await makeTenant();
    const op = await operator("admin");
    for (const grantId of ["a".repeat(36), "-".repeat(36), "0123456789abcdef0123456789abcdef----"]) {
      await expect(endSupportAccess({ tenantId: tenant.id, grantId, endedBy: "console", actorUserId: op.id, meta: TEST_META }), grantId).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
  });
});

describe("a grant is history: the runtime role can end it, never rewrite it", () => {
  it("refuses to rewrite a grant's access, reason, operator or times (only the redemption and the end are written)", async () => {
    const { tenant } = await makeTenant();
    const op = await operator("support");
    const { grant } = await startSupportAccess({ operator: op, tenantId: tenant.id, reason: "read-only look", meta: TEST_META });
    const where = and(eq(supportAccessGrants.tenantId, tenant.id), eq(supportAccessGrants.id, grant.grantId));
    const rewrites = [
      { writeAccess: true, writeReason: "sneaked in" },
      { reason: "a nicer reason" },
      { expiresAt: sql`now() + interval '3 hours'` as unknown as Date, startedAt: sql`now() + interval '2 hours'` as unknown as Date },
      { operatorUserId: null },
    ];
    for (const set of rewrites) {
      const error = await withTenant(tenant.id, (tx) => tx.update(supportAccessGrants).set(set).where(where)).then(
        () => null,
        (e: unknown) => e as { cause?: { code?: string } },
      );
      expect(error?.cause?.code, JSON.stringify(Object.keys(set))).toBe("42501");
    }
    const [row] = await admin`select write_access, reason from support_access_grants where tenant_id = ${tenant.id} and id = ${grant.grantId}`;
    expect(row).toEqual({ write_access: false, reason: "read-only look" });
    // What the application writes still works: the redemption, then the end.
    expect(await claimSupportGrant({ tenantId: tenant.id, grantId: grant.grantId }, op.id, newSupportSessionId())).not.toBeNull();
    expect(await endSupportAccess({ tenantId: tenant.id, grantId: grant.grantId, endedBy: "console", actorUserId: op.id, meta: TEST_META })).toBe(true);
  });
});
