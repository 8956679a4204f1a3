import { and, eq, sql } from "drizzle-orm";
import { withTenant } from "../db/with-tenant";
import { memberships, tenants, type MembershipRole } from "../db/schema";
import { secondFactorCondition } from "../two-factor/has-second-factor";

/** How many membership reads this process made (tests check that a request makes one). */
export const membershipReads = { count: 0 };

/** The user's role in the tenant, or null when not a member. */
export async function getMembership({ tenantId, userId }: { tenantId: string; userId: string }): Promise<MembershipRole | null> {
  membershipReads.count++;
  return withTenant(tenantId, async (tx) => {
    const [row] = await tx
      .select({ role: memberships.role })
      .from(memberships)
      .where(and(eq(memberships.tenantId, tenantId), eq(memberships.userId, userId)))
      .limit(1);
    return row?.role ?? null;
  });
}

export type MemberAccess = {
  role: MembershipRole | null;
  /** The workspace requires a second factor (tenants.require_two_factor) and the member has none. */
  secondFactorMissing: boolean;
};

/**
 * The role and the workspace's two-factor policy for this member, in the one statement a request
 * spends on membership (the policy costs no extra round trip).
 */
export async function getMemberAccess({ tenantId, userId }: { tenantId: string; userId: string }): Promise<MemberAccess> {
  membershipReads.count++;
  return withTenant(tenantId, async (tx) => {
    const [row] = await tx
      .select({
        role: memberships.role,
        secondFactorMissing: sql<boolean>`(${tenants.requireTwoFactor} and not ${secondFactorCondition(userId)})`,
      })
      .from(memberships)
      .innerJoin(tenants, eq(tenants.id, memberships.tenantId))
      .where(and(eq(memberships.tenantId, tenantId), eq(memberships.userId, userId)))
      .limit(1);
    return { role: row?.role ?? null, secondFactorMissing: row?.secondFactorMissing === true };
  });
}
