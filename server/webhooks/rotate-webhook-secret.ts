import "server-only";
import { and, eq } from "drizzle-orm";
import { recordAuditEvent, type RequestMeta } from "../audit/record-audit-event";
import { webhookEndpoints } from "../db/schema";
import { withTenant } from "../db/with-tenant";
import { getWebhookEndpointOrThrow } from "./get-webhook-endpoint-or-throw";
import { generateWebhookSecret, sealWebhookSecret } from "./secret-box";

/** How long the replaced secret keeps signing beside the new one, so receivers can switch over. */
export const SECRET_OVERLAP_MS = 24 * 3_600_000;

export type RotateWebhookSecretOptions = { tenantId: string; endpointId: string; actorUserId: string | null; meta: RequestMeta; now?: Date };

/**
 * A new signing secret, returned once. For 24 hours every request carries signatures with both
 * the new and the replaced secret. Rotating again within the overlap ends the older one at once.
 */
export async function rotateWebhookSecret(options: RotateWebhookSecretOptions): Promise<{ secret: string; previousExpiresAt: Date }> {
  const now = options.now ?? new Date();
  const secret = generateWebhookSecret();
  const previousExpiresAt = new Date(now.getTime() + SECRET_OVERLAP_MS);
  await withTenant(options.tenantId, async (tx) => {
    const endpoint = await getWebhookEndpointOrThrow(tx, options.tenantId, options.endpointId);
    await tx
      .update(webhookEndpoints)
      .set({
        secretSealed: sealWebhookSecret(secret, { tenantId: options.tenantId, endpointId: endpoint.id }),
        previousSecretSealed: endpoint.secretSealed,
        previousSecretExpiresAt: previousExpiresAt,
        updatedAt: now,
      })
      .where(and(eq(webhookEndpoints.tenantId, options.tenantId), eq(webhookEndpoints.id, endpoint.id)));
    await recordAuditEvent(tx, {
      tenantId: options.tenantId,
      actorUserId: options.actorUserId,
      action: "webhook_endpoint.secret_rotated",
      target: `webhook_endpoint:${endpoint.id}`,
      metadata: { previousExpiresAt: previousExpiresAt.toISOString() },
      meta: options.meta,
    });
  });
  return { secret, previousExpiresAt };
}
