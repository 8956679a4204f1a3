import { randomUUID } from "node:crypto";
import { and, count, desc, eq, gt, isNull, or } from "drizzle-orm";
import { z } from "zod";
import { displayName } from "../../lib/text";
import { recordAuditEvent, type RequestMeta } from "../audit/record-audit-event";
import { admissionLimit, planChangeUnderWay } from "../billing/entitlements";
import { formatLimit } from "../../lib/plans";
import { withTenant } from "../db/with-tenant";
import { apiKeys, tenants, users } from "../db/schema";
import { AppError } from "../errors";
import { actorOf, recordEvent } from "../events/record-event";
import { invalidateApiKeyCache } from "./authenticate-api-key";
import { generateApiKey } from "./key-format";
import { API_SCOPES, ROTATION_GRACE_HOURS } from "../../lib/api-scopes";

export const ZCreateApiKey = z.object({
  name: z.string().trim().min(1, "Give the key a name.").max(64, "Use at most 64 characters.").superRefine(displayName),
  scopes: z.array(z.enum(API_SCOPES)).min(1, "Choose at least one scope.").max(API_SCOPES.length),
  expiresInDays: z.coerce.number().int().min(1).max(3650).nullable().default(null),
});

type Actor = { tenantId: string; actorUserId: string | null; meta: RequestMeta };

const usable = (now: Date) => and(isNull(apiKeys.revokedAt), or(isNull(apiKeys.expiresAt), gt(apiKeys.expiresAt, now)));

export async function createApiKey(options: Actor & z.infer<typeof ZCreateApiKey>) {
  const key = generateApiKey();
  const now = new Date();
  return withTenant(options.tenantId, async (tx) => {
    const [tenant] = await tx.select().from(tenants).where(eq(tenants.id, options.tenantId)).for("update");
    if (!tenant) throw new AppError("NOT_FOUND", "Workspace not found.");
    const subject = { ...tenant, overrides: tenant.planOverrides };
    const limit = admissionLimit(subject, "apiKeys");
    const [active] = await tx.select({ n: count() }).from(apiKeys).where(and(eq(apiKeys.tenantId, options.tenantId), usable(now), isNull(apiKeys.replacedBy)));
    if (limit !== "unlimited" && (active?.n ?? 0) >= limit) {
      const moving = planChangeUnderWay(subject, "apiKeys");
      throw new AppError(
        "CONFLICT",
        moving ? `The workspace is moving to ${moving}, which allows ${formatLimit(limit)} API keys. Revoke one first.` : `Your plan allows ${formatLimit(limit)} API keys. Revoke one or upgrade your plan.`,
      );
    }
    const inserted = await tx
      .insert(apiKeys)
      .values({
        tenantId: options.tenantId,
        name: options.name,
        prefix: key.prefix,
        keyHash: key.hash,
        scopes: [...new Set(options.scopes)],
        createdBy: options.actorUserId,
        expiresAt: options.expiresInDays ? new Date(now.getTime() + options.expiresInDays * 86_400_000) : null,
      })
      .onConflictDoNothing()
      .returning();
    const created = inserted[0];
    if (!created) {
      // An expired key keeps its name until it is revoked (the list offers that), so say which.
      const [clash] = await tx.select({ expiresAt: apiKeys.expiresAt }).from(apiKeys).where(and(eq(apiKeys.tenantId, options.tenantId), eq(apiKeys.name, options.name), isNull(apiKeys.revokedAt), isNull(apiKeys.replacedBy)));
      const message = clash?.expiresAt && clash.expiresAt <= now ? "An expired key still has this name. Revoke it in the list below to use the name again." : "A key with this name already exists.";
      throw new AppError("CONFLICT", message, { fieldErrors: { name: [message] } });
    }
    await recordAuditEvent(tx, {
      tenantId: options.tenantId,
      actorUserId: options.actorUserId,
      action: "api_key.created",
      target: `api_key:${created.id}`,
      metadata: { name: created.name, prefix: created.prefix, scopes: created.scopes },
      meta: options.meta,
    });
    await recordEvent(tx, { tenantId: options.tenantId, type: "api_key.created", data: { keyId: created.id, name: created.name, prefix: created.prefix, scopes: created.scopes }, actor: actorOf(options.actorUserId, options.meta) });
    return { id: created.id, name: created.name, prefix: created.prefix, secret: key.secret };
  });
}

export async function listApiKeys({ tenantId }: { tenantId: string }) {
  return withTenant(tenantId, (tx) =>
    tx
      .select({
        id: apiKeys.id,
        name: apiKeys.name,
        prefix: apiKeys.prefix,
        scopes: apiKeys.scopes,
        createdAt: apiKeys.createdAt,
        lastUsedAt: apiKeys.lastUsedAt,
        expiresAt: apiKeys.expiresAt,
        revokedAt: apiKeys.revokedAt,
        replacedBy: apiKeys.replacedBy,
        createdByName: users.name,
      })
      .from(apiKeys)
      .leftJoin(users, eq(users.id, apiKeys.createdBy))
      .where(eq(apiKeys.tenantId, tenantId))
      .orderBy(desc(apiKeys.createdAt)),
  );
}

async function loadKeyForUpdate(tx: Parameters<Parameters<typeof withTenant>[1]>[0], tenantId: string, keyId: string) {
  const [key] = await tx.select().from(apiKeys).where(and(eq(apiKeys.tenantId, tenantId), eq(apiKeys.id, keyId))).for("update");
  if (!key) throw new AppError("NOT_FOUND", "API key not found.");
  return key;
}

export async function revokeApiKey(options: Actor & { keyId: string }): Promise<void> {
  const hashes = await withTenant(options.tenantId, async (tx) => {
    const key = await loadKeyForUpdate(tx, options.tenantId, options.keyId);
    if (key.revokedAt) throw new AppError("CONFLICT", "This key is already revoked.");
    const now = new Date();
    await tx.update(apiKeys).set({ revokedAt: now }).where(and(eq(apiKeys.tenantId, options.tenantId), eq(apiKeys.id, key.id)));
    // A key this one replaced, still in its grace period, ends with it: revoking a rotated key
    // (a leak found after the rotation, say) would otherwise leave the old secret working for a day.
    const predecessors = await tx
      .update(apiKeys)
      .set({ revokedAt: now })
      .where(and(eq(apiKeys.tenantId, options.tenantId), eq(apiKeys.replacedBy, key.id), usable(now)))
      .returning({ keyHash: apiKeys.keyHash, prefix: apiKeys.prefix });
    const ended = predecessors.length ? { alsoEnded: predecessors.map((p) => p.prefix) } : {};
    await recordAuditEvent(tx, {
      tenantId: options.tenantId,
      actorUserId: options.actorUserId,
      action: "api_key.revoked",
      target: `api_key:${key.id}`,
      metadata: { name: key.name, prefix: key.prefix, ...ended },
      meta: options.meta,
    });
    await recordEvent(tx, { tenantId: options.tenantId, type: "api_key.revoked", data: { keyId: key.id, name: key.name, prefix: key.prefix }, actor: actorOf(options.actorUserId, options.meta) });
    return [key.keyHash, ...predecessors.map((p) => p.keyHash)];
  });
  for (const keyHash of hashes) invalidateApiKeyCache(keyHash);
}

/** A new secret under the same name and scopes; the old one works for ROTATION_GRACE_HOURS more. */
export async function rotateApiKey(options: Actor & { keyId: string }) {
  const next = generateApiKey();
  const graceUntil = new Date(Date.now() + ROTATION_GRACE_HOURS * 3_600_000);
  const result = await withTenant(options.tenantId, async (tx) => {
    const key = await loadKeyForUpdate(tx, options.tenantId, options.keyId);
    if (key.revokedAt || key.replacedBy) throw new AppError("CONFLICT", "Only an active key can be rotated.");
    // Its successor would inherit the expiry: a secret shown once that never works.
    if (key.expiresAt && key.expiresAt <= new Date()) throw new AppError("CONFLICT", "This key has expired, so it cannot be rotated. Create a new key (revoke the expired one to reuse its name).");
    // At most one key per name is ever in its grace period: rotating again ends the previous one.
    const ended = await tx
      .update(apiKeys)
      .set({ expiresAt: new Date() })
      .where(and(eq(apiKeys.tenantId, options.tenantId), eq(apiKeys.replacedBy, key.id)))
      .returning({ keyHash: apiKeys.keyHash });
    // The old key first (its name becomes free): replaced, valid only until the grace period ends.
    const newId = randomUUID();
    const oldExpiry = key.expiresAt && key.expiresAt < graceUntil ? key.expiresAt : graceUntil;
    await tx
      .update(apiKeys)
      .set({ replacedBy: newId, expiresAt: oldExpiry })
      .where(and(eq(apiKeys.tenantId, options.tenantId), eq(apiKeys.id, key.id)));
    const [created] = await tx
      .insert(apiKeys)
      .values({ tenantId: options.tenantId, id: newId, name: key.name, prefix: next.prefix, keyHash: next.hash, scopes: key.scopes, createdBy: options.actorUserId, expiresAt: key.expiresAt })
      .returning();
    await recordAuditEvent(tx, {
      tenantId: options.tenantId,
      actorUserId: options.actorUserId,
      action: "api_key.rotated",
      target: `api_key:${key.id}`,
      metadata: { name: key.name, oldPrefix: key.prefix, newPrefix: next.prefix, oldValidUntil: oldExpiry.toISOString() },
      meta: options.meta,
    });
    await recordEvent(tx, {
      tenantId: options.tenantId,
      type: "api_key.created",
      data: { keyId: newId, name: key.name, prefix: next.prefix, scopes: key.scopes, rotatedFromKeyId: key.id },
      actor: actorOf(options.actorUserId, options.meta),
    });
    return { rotated: { id: created!.id, name: key.name, prefix: next.prefix, secret: next.secret, oldKeyValidUntil: oldExpiry }, changedHashes: [key.keyHash, ...ended.map((e) => e.keyHash)] };
  });
  // The rotated key's cached expiry, and any earlier key whose grace period this ended.
  for (const hash of result.changedHashes) invalidateApiKeyCache(hash);
  return result.rotated;
}
