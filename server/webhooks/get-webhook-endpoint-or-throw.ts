import "server-only";
import { and, eq } from "drizzle-orm";
import type { Transaction } from "../db/client";
import { webhookEndpoints, type WebhookEndpoint } from "../db/schema";
import { AppError } from "../errors";

/** The workspace's endpoint (locked for the rest of the transaction), or NOT_FOUND. */
export async function getWebhookEndpointOrThrow(tx: Transaction, tenantId: string, endpointId: string): Promise<WebhookEndpoint> {
  const [endpoint] = await tx
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.tenantId, tenantId), eq(webhookEndpoints.id, endpointId)))
    .for("update");
  if (!endpoint) throw new AppError("NOT_FOUND", "Webhook endpoint not found.");
  return endpoint;
}
