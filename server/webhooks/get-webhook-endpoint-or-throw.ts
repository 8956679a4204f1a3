import "server-only";
import { and, eq } from "drizzle-orm";
import type { Transaction } from "../db/client";
import { webhookEndpoints, type WebhookEndpoint } from "../db/schema";
import { AppError } from "../errors";

/**
 * The workspace's endpoint, or NOT_FOUND; locked for the rest of the transaction when `lock` (for
 * changes). A read (the delivery log, polled while a delivery is pending) takes no lock, which the
 * delivery claim would otherwise skip the endpoint for.
 */
export async function getWebhookEndpointOrThrow(tx: Transaction, tenantId: string, endpointId: string, { lock = true }: { lock?: boolean } = {}): Promise<WebhookEndpoint> {
  const query = tx
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.tenantId, tenantId), eq(webhookEndpoints.id, endpointId)));
  const [endpoint] = lock ? await query.for("update") : await query;
  if (!endpoint) throw new AppError("NOT_FOUND", "Webhook endpoint not found.");
  return endpoint;
}
