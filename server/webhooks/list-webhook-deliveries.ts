import "server-only";
import { and, asc, desc, eq, inArray } from "drizzle-orm";
import { webhookAttempts, webhookDeliveries } from "../db/schema";
import { withTenant } from "../db/with-tenant";
import { getWebhookEndpointOrThrow } from "./get-webhook-endpoint-or-throw";

/** An endpoint's delivery log, newest first, each delivery with its attempts (request and truncated response). */
export async function listWebhookDeliveries({ tenantId, endpointId, limit = 50 }: { tenantId: string; endpointId: string; limit?: number }) {
  return withTenant(tenantId, async (tx) => {
    await getWebhookEndpointOrThrow(tx, tenantId, endpointId, { lock: false });
    const deliveries = await tx
      .select({
        id: webhookDeliveries.id,
        kind: webhookDeliveries.kind,
        eventType: webhookDeliveries.eventType,
        messageId: webhookDeliveries.messageId,
        status: webhookDeliveries.status,
        attempts: webhookDeliveries.attempts,
        nextAttemptAt: webhookDeliveries.nextAttemptAt,
        lastAttemptAt: webhookDeliveries.lastAttemptAt,
        lastResponseStatus: webhookDeliveries.lastResponseStatus,
        lastDurationMs: webhookDeliveries.lastDurationMs,
        createdAt: webhookDeliveries.createdAt,
      })
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.tenantId, tenantId), eq(webhookDeliveries.endpointId, endpointId)))
      .orderBy(desc(webhookDeliveries.createdAt))
      .limit(Math.min(Math.max(limit, 1), 100));
    const attempts = deliveries.length
      ? await tx
          .select({
            deliveryId: webhookAttempts.deliveryId,
            attempt: webhookAttempts.attempt,
            requestHeaders: webhookAttempts.requestHeaders,
            requestBody: webhookAttempts.requestBody,
            responseStatus: webhookAttempts.responseStatus,
            responseBody: webhookAttempts.responseBody,
            durationMs: webhookAttempts.durationMs,
            error: webhookAttempts.error,
            createdAt: webhookAttempts.createdAt,
          })
          .from(webhookAttempts)
          .where(and(eq(webhookAttempts.tenantId, tenantId), inArray(webhookAttempts.deliveryId, deliveries.map((d) => d.id))))
          .orderBy(asc(webhookAttempts.attempt))
      : [];
    return deliveries.map((d) => ({ ...d, log: attempts.filter((a) => a.deliveryId === d.id) }));
  });
}
