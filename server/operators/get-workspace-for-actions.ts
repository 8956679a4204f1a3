import { and, asc, eq, gt, isNull, sql } from "drizzle-orm";
import { invitations, tenants } from "../db/schema";
import { withTenant } from "../db/with-tenant";
import { AppError } from "../errors";
import { checkWorkspaceId, type Operator } from "./operator-action";

export type GetWorkspaceForActionsOptions = { operator: Operator; tenantId: string };

/**
 * What the actions panel needs about one workspace (deleted ones included, so they can be
 * restored): its state and its pending invitations. Operators of either role.
 */
export async function getWorkspaceForActions({ operator, tenantId }: GetWorkspaceForActionsOptions) {
  if (!operator || (operator.role !== "admin" && operator.role !== "support")) throw new AppError("FORBIDDEN", "Only operators can see this.");
  return withTenant(checkWorkspaceId(tenantId), async (tx) => {
    const [tenant] = await tx
      .select({ id: tenants.id, slug: tenants.slug, name: tenants.name, status: tenants.status, planId: tenants.planId, trialEndsAt: tenants.trialEndsAt, deletedAt: tenants.deletedAt, operatorSuspendedAt: tenants.operatorSuspendedAt })
      .from(tenants)
      .where(eq(tenants.id, tenantId));
    if (!tenant) throw new AppError("NOT_FOUND", "Workspace not found.");
    const pending = await tx
      .select({ id: invitations.id, email: invitations.email, role: invitations.role, expiresAt: invitations.expiresAt })
      .from(invitations)
      .where(and(eq(invitations.tenantId, tenantId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, sql`now() - interval '30 days'`)))
      .orderBy(asc(invitations.email))
      .limit(50);
    return { tenant, invitations: pending };
  });
}
