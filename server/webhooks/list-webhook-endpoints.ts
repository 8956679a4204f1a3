import "server-only";
import { and, desc, eq, inArray } from "drizzle-orm";
import { webhookDeliveries, webhookEndpoints } from "../db/schema";
import { withTenant } from "../db/with-tenant";

/** The workspace's endpoints (never their secrets) with each one's latest delivery. */
export async function listWebhookEndpoints({ tenantId }: { tenantId: string }) {
  return withTenant(tenantId, async (tx) => {
    const endpoints = await tx
      .select({
        id: webhookEndpoints.id,
        url: webhookEndpoints.url,
        description: webhookEndpoints.description,
        eventTypes: webhookEndpoints.eventTypes,
        enabled: webhookEndpoints.enabled,
        disabledReason: webhookEndpoints.disabledReason,
        failingSince: webhookEndpoints.failingSince,
        previousSecretExpiresAt: webhookEndpoints.previousSecretExpiresAt,
        createdAt: webhookEndpoints.createdAt,
      })
      .from(webhookEndpoints)
      .where(eq(webhookEndpoints.tenantId, tenantId))
      .orderBy(desc(webhookEndpoints.createdAt));
    const latest = endpoints.length
      ? await tx
          .selectDistinctOn([webhookDeliveries.endpointId], {
            endpointId: webhookDeliveries.endpointId,
            status: webhookDeliveries.status,
            eventType: webhookDeliveries.eventType,
            createdAt: webhookDeliveries.createdAt,
            lastResponseStatus: webhookDeliveries.lastResponseStatus,
          })
          .from(webhookDeliveries)
          .where(and(eq(webhookDeliveries.tenantId, tenantId), inArray(webhookDeliveries.endpointId, endpoints.map((e) => e.id))))
          .orderBy(webhookDeliveries.endpointId, desc(webhookDeliveries.createdAt))
      : [];
    const byEndpoint = new Map(latest.map((d) => [d.endpointId, d]));
    const now = new Date();
    return endpoints.map((e) => ({
      ...e,
      rotating: e.previousSecretExpiresAt !== null && e.previousSecretExpiresAt > now,
      lastDelivery: byEndpoint.get(e.id) ?? null,
    }));
  });
}
