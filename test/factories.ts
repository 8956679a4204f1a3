import { randomBytes } from "node:crypto";
import type { Context } from "../server/trpc/context";
import { createTenant } from "../server/tenants/create-tenant";
import { createUser } from "../server/users/create-user";
import { addMember } from "../server/members/add-member";
import type { MembershipRole } from "../server/db/schema";

export const TEST_META = { ip: "203.0.113.9", userAgent: "vitest" };

export function uid(): string {
  return randomBytes(4).toString("hex");
}

export async function makeUser(name = "Test User") {
  return createUser({ email: `user-${uid()}@example.test`, name, password: "a long test password", emailVerified: true });
}

/** A tenant with an owner (and optionally more members), built through the domain functions. */
export async function makeTenant(extra: { role: MembershipRole }[] = []) {
  const owner = await makeUser("Owner");
  const slug = `t-${uid()}`;
  const tenant = await createTenant({ userId: owner.id, name: `Tenant ${slug}`, slug, meta: TEST_META, skipRateLimit: true });
  const members = [];
  for (const { role } of extra) {
    const user = await makeUser(role);
    await addMember({ tenantId: tenant.id, userId: user.id, role, actorUserId: owner.id, meta: TEST_META });
    members.push({ user, role });
  }
  return { tenant, owner, members };
}

export function contextFor(options: {
  user: { id: string; email: string; name: string } | null;
  tenant?: { id: string; slug: string; name: string; status: NonNullable<Context["tenant"]>["status"] } | null;
  ip?: string;
}): Context {
  const tenant = options.tenant ?? null;
  return {
    user: options.user ? { id: options.user.id, email: options.user.email, name: options.user.name } : null,
    host: tenant ? { kind: "tenant", slug: tenant.slug } : { kind: "apex" },
    tenant: tenant ? { id: tenant.id, slug: tenant.slug, name: tenant.name, status: tenant.status } : null,
    meta: options.ip ? { ...TEST_META, ip: options.ip } : TEST_META,
  };
}

/**
 * What the operator console's audited read path needs (server/auth/operator-access.ts
 * readOperatorConsole): a console session (host `admin.*`) of `userId`, who gets a second factor.
 * The user's operator role is the caller's to set.
 */
export async function consoleReader(userId: string, { host = "admin.localhost", secondFactor = true } = {}) {
  const { getDb } = await import("../server/db/client");
  const { userTotp } = await import("../server/db/schema");
  const { createSessionRecord } = await import("../server/sessions/create-session-record");
  if (secondFactor) await getDb().insert(userTotp).values({ userId, secretSealed: "sealed-for-test", confirmedAt: new Date() }).onConflictDoNothing();
  const session = await createSessionRecord({ userId, host, ip: TEST_META.ip, userAgent: TEST_META.userAgent });
  return { sessionId: session.id, meta: TEST_META };
}
