import { eq } from "drizzle-orm";
import { recordAuditEvent, type RequestMeta } from "../audit/record-audit-event";
import { withTenant } from "../db/with-tenant";
import { actorOf, recordEvent, workspaceOf } from "../events/record-event";
import { tenants, type Tenant } from "../db/schema";
import { AppError } from "../errors";
import { forgetWorkspaceCaches } from "./forget-workspace-caches";

export type RenameTenantOptions = { tenantId: string; actorUserId: string; name: string; meta: RequestMeta };

export async function renameTenant({ tenantId, actorUserId, name, meta }: RenameTenantOptions): Promise<Tenant> {
  const tenant = await withTenant(tenantId, async (tx) => {
    const [current] = await tx.select().from(tenants).where(eq(tenants.id, tenantId)).for("update");
    if (!current) throw new AppError("NOT_FOUND", "Workspace not found.");
    if (current.name === name) return current;
    const [updated] = await tx
      .update(tenants)
      .set({ name, updatedAt: new Date() })
      .where(eq(tenants.id, tenantId))
      .returning();
    await recordAuditEvent(tx, {
      tenantId,
      actorUserId,
      action: "tenant.renamed",
      target: `tenant:${current.slug}`,
      metadata: { from: current.name, to: name },
      meta,
    });
    await recordEvent(tx, { tenantId, type: "workspace.updated", data: { workspace: workspaceOf(updated!), changes: ["name"] }, actor: actorOf(actorUserId, meta) });
    return updated!;
  });
  forgetWorkspaceCaches({ tenantId, slug: tenant.slug });
  return tenant;
}
