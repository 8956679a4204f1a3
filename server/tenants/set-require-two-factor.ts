import { eq } from "drizzle-orm";
import { recordAuditEvent, type RequestMeta } from "../audit/record-audit-event";
import { tenants } from "../db/schema";
import { actorOf, recordEvent, workspaceOf } from "../events/record-event";
import { withTenant } from "../db/with-tenant";
import { AppError } from "../errors";
import { userHasSecondFactor } from "../two-factor/has-second-factor";

export type SetRequireTwoFactorOptions = { tenantId: string; actorUserId: string; required: boolean; meta: RequestMeta };

/**
 * The workspace's two-factor policy (owners only, audited). Members without a second factor are
 * sent to set one up before anything of the workspace (server/trpc/init.ts, tenant-surface.ts).
 * An owner must have one first, or switching it on would lock them out at once.
 */
export async function setRequireTwoFactor({ tenantId, actorUserId, required, meta }: SetRequireTwoFactorOptions): Promise<{ required: boolean }> {
  return withTenant(tenantId, async (tx) => {
    const [current] = await tx.select({ id: tenants.id, slug: tenants.slug, name: tenants.name, required: tenants.requireTwoFactor }).from(tenants).where(eq(tenants.id, tenantId)).for("no key update");
    if (!current) throw new AppError("NOT_FOUND", "Workspace not found.");
    if (current.required === required) return { required };
    if (required && !(await userHasSecondFactor(actorUserId, tx))) {
      throw new AppError("CONFLICT", "Set up two-factor authentication for your own account first (Your account → Two-factor authentication), or you would be locked out too.");
    }
    await tx.update(tenants).set({ requireTwoFactor: required, updatedAt: new Date() }).where(eq(tenants.id, tenantId));
    await recordAuditEvent(tx, {
      tenantId,
      actorUserId,
      action: required ? "security.two_factor_required" : "security.two_factor_optional",
      target: `tenant:${current.slug}`,
      meta,
    });
    await recordEvent(tx, { tenantId, type: "workspace.updated", data: { workspace: workspaceOf(current), changes: ["requireTwoFactor"] }, actor: actorOf(actorUserId, meta) });
    return { required };
  });
}
