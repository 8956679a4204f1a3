import "server-only";
import { and, eq } from "drizzle-orm";
import { recordAuditEvent, type RequestMeta } from "../audit/record-audit-event";
import { webhookDeliveries, webhookEndpoints } from "../db/schema";
import { withTenant } from "../db/with-tenant";
import { getWebhookEndpointOrThrow } from "./get-webhook-endpoint-or-throw";
import type { UpdateWebhookEndpointInput } from "./webhook-input";
import { checkWebhookUrl, webhookNetworkPolicy, type WebhookNetworkPolicy } from "./webhook-network-policy";
import { enqueueJobAfterCommit } from "../jobs/enqueue-job";
import { auditUrl } from "./audit-url";

export type UpdateWebhookEndpointOptions = UpdateWebhookEndpointInput & {
  tenantId: string;
  actorUserId: string | null;
  meta: RequestMeta;
  policy?: WebhookNetworkPolicy;
};

/**
 * Changes an endpoint's URL, description or event filter; the secret stays. A new URL is checked
 * like a new endpoint's (form and resolved addresses, before the transaction), and deliveries
 * still pending go to the new URL. Nothing changed records nothing.
 */
export async function updateWebhookEndpoint(options: UpdateWebhookEndpointOptions): Promise<{ changed: string[] }> {
  const url = (await checkWebhookUrl(options.url, options.policy ?? webhookNetworkPolicy())).toString();
  const eventTypes = [...new Set(options.eventTypes)].sort();
  return withTenant(options.tenantId, async (tx) => {
    const endpoint = await getWebhookEndpointOrThrow(tx, options.tenantId, options.endpointId);
    const changed = [
      endpoint.url !== url ? "url" : null,
      endpoint.description !== options.description ? "description" : null,
      endpoint.eventTypes.join(",") !== eventTypes.join(",") ? "eventTypes" : null,
    ].filter((c): c is string => c !== null);
    if (!changed.length) return { changed };
    await tx
      .update(webhookEndpoints)
      // A new URL is a fresh start: its predecessor's failures are not held against it, and the
      // deliveries waiting out a backoff are tried at the new address now.
      .set({ url, description: options.description, eventTypes, updatedAt: new Date(), ...(changed.includes("url") ? { failingSince: null } : {}) })
      .where(and(eq(webhookEndpoints.tenantId, options.tenantId), eq(webhookEndpoints.id, endpoint.id)));
    if (changed.includes("url")) {
      await tx
        .update(webhookDeliveries)
        .set({ nextAttemptAt: new Date() })
        .where(and(eq(webhookDeliveries.tenantId, options.tenantId), eq(webhookDeliveries.endpointId, endpoint.id), eq(webhookDeliveries.status, "pending")));
      enqueueJobAfterCommit(tx, "webhook-deliveries");
    }
    await recordAuditEvent(tx, {
      tenantId: options.tenantId,
      actorUserId: options.actorUserId,
      action: "webhook_endpoint.updated",
      target: `webhook_endpoint:${endpoint.id}`,
      metadata: { changed, ...(changed.includes("url") ? { from: auditUrl(endpoint.url), to: auditUrl(url) } : {}), eventTypes },
      meta: options.meta,
    });
    return { changed };
  });
}
