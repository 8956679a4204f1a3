import "server-only";
import { randomUUID } from "node:crypto";
import { recordAuditEvent, type RequestMeta } from "../audit/record-audit-event";
import { webhookDeliveries } from "../db/schema";
import { withTenant } from "../db/with-tenant";
import { AppError } from "../errors";
import { enqueueJobAfterCommit } from "../jobs/enqueue-job";
import { assertManualSendAllowed } from "./assert-manual-send-allowed";
import { getWebhookEndpointOrThrow } from "./get-webhook-endpoint-or-throw";
import { webhookPayload } from "./webhook-payload";
import { auditUrl } from "./audit-url";

/** The type a test delivery carries; not in the event catalogue (it never reaches the events table or the API). */
export const TEST_EVENT_TYPE = "webhook.test";

/**
 * Queues a synthetic `webhook.test` delivery to one endpoint: signed, retried and logged like any
 * other, but written only to the delivery log, not to the workspace's events.
 */
export async function sendTestWebhook(options: { tenantId: string; endpointId: string; actorUserId: string | null; meta: RequestMeta }): Promise<{ deliveryId: string }> {
  return withTenant(options.tenantId, async (tx) => {
    const endpoint = await getWebhookEndpointOrThrow(tx, options.tenantId, options.endpointId);
    if (!endpoint.enabled) throw new AppError("CONFLICT", "This endpoint is disabled. Enable it to send a test event.");
    await assertManualSendAllowed(tx, options.tenantId, endpoint.id);
    const messageId = `test_${randomUUID()}`;
    const payload = webhookPayload({
      id: messageId,
      type: TEST_EVENT_TYPE,
      version: 1,
      createdAt: new Date(),
      tenantId: options.tenantId,
      data: { message: "A test event sent from Settings → Webhooks." },
    });
    const [delivery] = await tx
      .insert(webhookDeliveries)
      .values({ tenantId: options.tenantId, endpointId: endpoint.id, kind: "test", messageId, eventType: TEST_EVENT_TYPE, payload })
      .returning({ id: webhookDeliveries.id });
    await recordAuditEvent(tx, { tenantId: options.tenantId, actorUserId: options.actorUserId, action: "webhook_endpoint.test_sent", target: `webhook_endpoint:${endpoint.id}`, metadata: { url: auditUrl(endpoint.url) }, meta: options.meta });
    enqueueJobAfterCommit(tx, "webhook-deliveries");
    return { deliveryId: delivery!.id };
  });
}
