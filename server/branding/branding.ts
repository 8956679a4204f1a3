import { eq } from "drizzle-orm";
import { z } from "zod";
import { storableText } from "../../lib/text";
import { recordAuditEvent, type RequestMeta } from "../audit/record-audit-event";
import { actorOf, recordEvent, workspaceOf } from "../events/record-event";
import { withTenant } from "../db/with-tenant";
import { tenants } from "../db/schema";
import { AppError } from "../errors";
import { logoPath } from "./logo";
import { contrastRatio, isHexColor, MIN_CONTRAST } from "../../lib/contrast";

export const ZBranding = z.object({
  brandColor: z
    .string()
    .trim()
    .toLowerCase()
    .refine(isHexColor, "Use a colour like #1d4ed8.")
    .nullable(),
  publicDescription: z.string().trim().max(500, "Use at most 500 characters.").superRefine(storableText).nullable(),
});
export type Branding = z.infer<typeof ZBranding>;

export async function getTenantBranding({ tenantId }: { tenantId: string }): Promise<Branding & { logoUrl: string | null }> {
  const [row] = await withTenant(tenantId, (tx) =>
    tx.select({ brandColor: tenants.brandColor, publicDescription: tenants.publicDescription, logoKey: tenants.logoKey }).from(tenants).where(eq(tenants.id, tenantId)),
  );
  return { brandColor: row?.brandColor ?? null, publicDescription: row?.publicDescription ?? null, logoUrl: logoPath(row?.logoKey ?? null) };
}

/** Saves branding; the colour must keep white text readable on it (WCAG AA, 4.5:1). */
export async function updateBranding(options: { tenantId: string; actorUserId: string; meta: RequestMeta } & Branding): Promise<Branding> {
  if (options.brandColor) {
    const ratio = contrastRatio(options.brandColor, "#ffffff");
    if (ratio < MIN_CONTRAST) {
      throw new AppError("BAD_REQUEST", "This colour is too light for white text.", {
        fieldErrors: { brandColor: [`White text on it has a contrast of ${ratio.toFixed(1)}:1; at least ${MIN_CONTRAST}:1 is needed. Choose a darker colour.`] },
      });
    }
  }
  return withTenant(options.tenantId, async (tx) => {
    const [before] = await tx.select().from(tenants).where(eq(tenants.id, options.tenantId)).for("update");
    if (!before) throw new AppError("NOT_FOUND", "Workspace not found.");
    const description = options.publicDescription || null;
    const changes = [...(before.brandColor !== options.brandColor ? ["brandColor"] : []), ...(before.publicDescription !== description ? ["publicDescription"] : [])];
    // Saved unchanged (a second click, a form sent again): nothing to write or record.
    if (!changes.length) return { brandColor: before.brandColor, publicDescription: before.publicDescription };
    await tx.update(tenants).set({ brandColor: options.brandColor, publicDescription: description, updatedAt: new Date() }).where(eq(tenants.id, options.tenantId));
    await recordAuditEvent(tx, {
      tenantId: options.tenantId,
      actorUserId: options.actorUserId,
      action: "tenant.branding_updated",
      target: `tenant:${before.slug}`,
      metadata: { brandColor: { from: before.brandColor, to: options.brandColor }, descriptionChanged: before.publicDescription !== description },
      meta: options.meta,
    });
    await recordEvent(tx, { tenantId: options.tenantId, type: "workspace.updated", data: { workspace: workspaceOf(before), changes }, actor: actorOf(options.actorUserId, options.meta) });
    return { brandColor: options.brandColor, publicDescription: description };
  });
}
