import "server-only";
import { Webhook } from "standardwebhooks";

/** The JSON body of a webhook (Standard Webhooks' `type`, `timestamp`, `data`, plus the event's id and version). */
export type WebhookPayload = { id: string; type: string; version: number; timestamp: string; workspaceId: string; data: Record<string, unknown> };

export function webhookPayload(event: { id: string; type: string; version: number; createdAt: Date; tenantId: string; data: Record<string, unknown> }): WebhookPayload {
  return { id: event.id, type: event.type, version: event.version, timestamp: event.createdAt.toISOString(), workspaceId: event.tenantId, data: event.data };
}

/**
 * The Standard Webhooks headers for one request. With two secrets (a rotation's overlap) the
 * signature header carries both signatures, space-separated, so receivers holding either verify.
 */
export function signedHeaders(options: { messageId: string; body: string; secrets: readonly string[]; sentAt: Date }): Record<string, string> {
  const signatures = options.secrets.map((secret) => new Webhook(secret).sign(options.messageId, options.sentAt, options.body));
  return {
    "content-type": "application/json",
    "user-agent": "Atrium-Webhooks/1.0",
    "webhook-id": options.messageId,
    "webhook-timestamp": String(Math.floor(options.sentAt.getTime() / 1000)),
    "webhook-signature": signatures.join(" "),
  };
}
