import "server-only";
import { and, eq } from "drizzle-orm";
import { recordAuditEvent, type RequestMeta } from "../audit/record-audit-event";
import { webhookEndpoints } from "../db/schema";
import { withTenant } from "../db/with-tenant";
import { getWebhookEndpointOrThrow } from "./get-webhook-endpoint-or-throw";

export type SetWebhookEndpointEnabledOptions = { tenantId: string; endpointId: string; enabled: boolean; actorUserId: string | null; meta: RequestMeta };

/**
 * Turns an endpoint off or on. Enabling starts its failure clock afresh; deliveries still pending
 * (queued while it was failing) resume. A disabled endpoint receives no new events.
 */
export async function setWebhookEndpointEnabled(options: SetWebhookEndpointEnabledOptions): Promise<void> {
  await withTenant(options.tenantId, async (tx) => {
    const endpoint = await getWebhookEndpointOrThrow(tx, options.tenantId, options.endpointId);
    if (endpoint.enabled === options.enabled) return;
    await tx
      .update(webhookEndpoints)
      .set(
        options.enabled
          ? { enabled: true, disabledReason: null, failingSince: null, updatedAt: new Date() }
          : { enabled: false, disabledReason: "Disabled by a member.", updatedAt: new Date() },
      )
      .where(and(eq(webhookEndpoints.tenantId, options.tenantId), eq(webhookEndpoints.id, endpoint.id)));
    await recordAuditEvent(tx, {
      tenantId: options.tenantId,
      actorUserId: options.actorUserId,
      action: options.enabled ? "webhook_endpoint.enabled" : "webhook_endpoint.disabled",
      target: `webhook_endpoint:${endpoint.id}`,
      meta: options.meta,
    });
  });
}
