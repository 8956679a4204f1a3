import { createHash, randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { recordAuditEvent, type RequestMeta } from "../audit/record-audit-event";
import { actorOf, recordEvent, workspaceOf } from "../events/record-event";
import { withTenant } from "../db/with-tenant";
import { tenants } from "../db/schema";
import { env } from "../env";
import { AppError } from "../errors";
import { logger } from "../logger";
import { deleteObject, getObject, putObject } from "../storage/storage";
import { LOGO_EXTENSIONS, validateLogo, type LogoType } from "./logo-file";

/** The path a tenant host serves its logo at; the version changes with the content (cache-busting). */
export function logoPath(logoKey: string | null): string | null {
  if (!logoKey) return null;
  const version = logoKey.slice(logoKey.lastIndexOf("/") + 1, logoKey.lastIndexOf(".")).slice(0, 16);
  return `/brand/logo?v=${version}`;
}

type ChangeOptions = { tenantId: string; actorUserId: string; meta: RequestMeta };

/** Validates and stores a new logo, then points the tenant at it (the old file is removed after). */
export async function setTenantLogo(options: ChangeOptions & { bytes: Buffer }): Promise<{ logoPath: string; contentType: LogoType }> {
  const contentType = validateLogo(options.bytes, env.LOGO_MAX_BYTES);
  const digest = createHash("sha256").update(options.bytes).digest("hex");
  // The content's hash (its version in the served address) plus this upload's own suffix: two
  // uploads of the same file must not share one, or a removal running alongside deletes the file the
  // other upload is about to point the workspace at.
  const key = `logos/${options.tenantId}/${digest}-${randomBytes(6).toString("hex")}.${LOGO_EXTENSIONS[contentType]}`;
  // Written first: a crash leaves an unused file, never a tenant pointing at nothing.
  await putObject(key, options.bytes);
  await swapLogo(options, key, contentType, { bytes: options.bytes.length, contentType });
  return { logoPath: logoPath(key)!, contentType };
}

export async function removeTenantLogo(options: ChangeOptions): Promise<void> {
  await swapLogo(options, null, null, { removed: true });
}

async function swapLogo(options: ChangeOptions, key: string | null, contentType: LogoType | null, metadata: Record<string, unknown>): Promise<string | null> {
  const previous = await withTenant(options.tenantId, async (tx) => {
    const [before] = await tx.select({ id: tenants.id, slug: tenants.slug, name: tenants.name, logoKey: tenants.logoKey }).from(tenants).where(eq(tenants.id, options.tenantId)).for("update");
    if (!before) throw new AppError("NOT_FOUND", "Workspace not found.");
    if (!key && !before.logoKey) return null;
    await tx.update(tenants).set({ logoKey: key, logoContentType: contentType, updatedAt: new Date() }).where(eq(tenants.id, options.tenantId));
    await recordAuditEvent(tx, {
      tenantId: options.tenantId,
      actorUserId: options.actorUserId,
      action: key ? "tenant.logo_updated" : "tenant.logo_removed",
      target: `tenant:${before.slug}`,
      metadata,
      meta: options.meta,
    });
    await recordEvent(tx, { tenantId: options.tenantId, type: "workspace.updated", data: { workspace: workspaceOf(before), changes: ["logo"] }, actor: actorOf(options.actorUserId, options.meta) });
    return before.logoKey;
  });
  if (previous && previous !== key) {
    await deleteObject(previous).catch((error: unknown) => logger.warn("could not delete old logo", { key: previous, error }));
  }
  return previous;
}

/** The tenant's current logo for serving, or null. */
export async function readTenantLogo(tenantId: string): Promise<{ bytes: Buffer; contentType: string; key: string } | null> {
  const [row] = await withTenant(tenantId, (tx) =>
    tx.select({ key: tenants.logoKey, contentType: tenants.logoContentType }).from(tenants).where(eq(tenants.id, tenantId)),
  );
  if (!row?.key || !row.contentType) return null;
  const bytes = await getObject(row.key);
  return bytes ? { bytes, contentType: row.contentType, key: row.key } : null;
}
