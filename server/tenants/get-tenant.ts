import { count, eq } from "drizzle-orm";
import { withTenant } from "../db/with-tenant";
import { memberships, tenants, type Tenant } from "../db/schema";
import { AppError } from "../errors";

export async function getTenantOrThrow(tenantId: string): Promise<Tenant & { memberCount: number }> {
  return withTenant(tenantId, async (tx) => {
    const [tenant] = await tx.select().from(tenants).where(eq(tenants.id, tenantId));
    if (!tenant) throw new AppError("NOT_FOUND", "Workspace not found.");
    const [members] = await tx.select({ n: count() }).from(memberships).where(eq(memberships.tenantId, tenantId));
    return { ...tenant, memberCount: members?.n ?? 0 };
  });
}
