import "server-only";
import { and, eq } from "drizzle-orm";
import { recordAuditEvent, type RequestMeta } from "../audit/record-audit-event";
import { webhookDeliveries } from "../db/schema";
import { withTenant } from "../db/with-tenant";
import { AppError } from "../errors";
import { enqueueJobAfterCommit } from "../jobs/enqueue-job";
import { assertManualSendAllowed } from "./assert-manual-send-allowed";
import { getWebhookEndpointOrThrow } from "./get-webhook-endpoint-or-throw";
import { auditUrl } from "./audit-url";

/**
 * Sends a logged delivery again as a new delivery with the same body and the same `webhook-id`
 * (Standard Webhooks: receivers may recognise a message they already processed). Any delivery of
 * the workspace, whatever its outcome; another workspace's delivery is not found.
 */
export async function resendWebhookDelivery(options: { tenantId: string; deliveryId: string; actorUserId: string | null; meta: RequestMeta }): Promise<{ deliveryId: string }> {
  return withTenant(options.tenantId, async (tx) => {
    const [original] = await tx
      .select()
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.tenantId, options.tenantId), eq(webhookDeliveries.id, options.deliveryId)));
    if (!original) throw new AppError("NOT_FOUND", "Delivery not found.");
    const endpoint = await getWebhookEndpointOrThrow(tx, options.tenantId, original.endpointId);
    if (!endpoint.enabled) throw new AppError("CONFLICT", "This endpoint is disabled. Enable it to resend deliveries.");
    await assertManualSendAllowed(tx, options.tenantId, endpoint.id);
    const [delivery] = await tx
      .insert(webhookDeliveries)
      .values({
        tenantId: options.tenantId,
        endpointId: endpoint.id,
        kind: "resend",
        eventId: original.eventId,
        messageId: original.messageId,
        eventType: original.eventType,
        payload: original.payload,
        resendOf: original.id,
      })
      .returning({ id: webhookDeliveries.id });
    await recordAuditEvent(tx, {
      tenantId: options.tenantId,
      actorUserId: options.actorUserId,
      action: "webhook_endpoint.delivery_resent",
      target: `webhook_endpoint:${endpoint.id}`,
      metadata: { url: auditUrl(endpoint.url), eventType: original.eventType, deliveryId: original.id },
      meta: options.meta,
    });
    enqueueJobAfterCommit(tx, "webhook-deliveries");
    return { deliveryId: delivery!.id };
  });
}
