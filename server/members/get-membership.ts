import { eq } from "drizzle-orm";
import { withTenant } from "../db/with-tenant";
import { memberships, type MembershipRole } from "../db/schema";

/** How many membership reads this process made (tests check that a request makes one). */
export const membershipReads = { count: 0 };

/** The user's role in the tenant, or null when not a member. */
export async function getMembership({ tenantId, userId }: { tenantId: string; userId: string }): Promise<MembershipRole | null> {
  membershipReads.count++;
  return withTenant(tenantId, async (tx) => {
    const [row] = await tx
      .select({ role: memberships.role })
      .from(memberships)
      .where(eq(memberships.userId, userId))
      .limit(1);
    return row?.role ?? null;
  });
}
