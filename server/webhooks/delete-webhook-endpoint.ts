import "server-only";
import { and, eq } from "drizzle-orm";
import { recordAuditEvent, type RequestMeta } from "../audit/record-audit-event";
import { webhookEndpoints } from "../db/schema";
import { withTenant } from "../db/with-tenant";
import { getWebhookEndpointOrThrow } from "./get-webhook-endpoint-or-throw";
import { auditUrl } from "./audit-url";

export type DeleteWebhookEndpointOptions = { tenantId: string; endpointId: string; actorUserId: string | null; meta: RequestMeta };

/** Removes an endpoint with its deliveries and their log (foreign keys cascade). */
export async function deleteWebhookEndpoint(options: DeleteWebhookEndpointOptions): Promise<void> {
  await withTenant(options.tenantId, async (tx) => {
    const endpoint = await getWebhookEndpointOrThrow(tx, options.tenantId, options.endpointId);
    await tx.delete(webhookEndpoints).where(and(eq(webhookEndpoints.tenantId, options.tenantId), eq(webhookEndpoints.id, endpoint.id)));
    await recordAuditEvent(tx, {
      tenantId: options.tenantId,
      actorUserId: options.actorUserId,
      action: "webhook_endpoint.deleted",
      target: `webhook_endpoint:${endpoint.id}`,
      metadata: { url: auditUrl(endpoint.url) },
      meta: options.meta,
    });
  });
}
