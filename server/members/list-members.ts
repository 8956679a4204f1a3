import { asc, eq } from "drizzle-orm";
import { withTenant } from "../db/with-tenant";
import { memberships, users } from "../db/schema";

export async function listMembers({ tenantId }: { tenantId: string }) {
  return withTenant(tenantId, (tx) =>
    tx
      .select({
        userId: memberships.userId,
        role: memberships.role,
        joinedAt: memberships.createdAt,
        name: users.name,
        email: users.email,
      })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(eq(memberships.tenantId, tenantId))
      .orderBy(asc(users.name)),
  );
}
