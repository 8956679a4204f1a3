import "server-only";
import { randomBytes } from "node:crypto";
import { sealedBox } from "../crypto/sealed-box";

// Webhook signing secrets, sealed (server/crypto/sealed-box.ts) under their own key and bound to
// their workspace and endpoint.

const box = sealedBox({ salt: "atrium-webhook-secret-box", info: "webhook signing secret v1" });

export type WebhookSecretContext = { tenantId: string; endpointId: string };

const boundTo = (context: WebhookSecretContext) => `${context.tenantId}/${context.endpointId}`;

export function sealWebhookSecret(plaintext: string, context: WebhookSecretContext): string {
  return box.seal(plaintext, boundTo(context));
}

/** The secret, or null when the box was tampered with, moved, or sealed under another AUTH_SECRET. */
export function openWebhookSecret(sealed: string, context: WebhookSecretContext): string | null {
  return box.open(sealed, boundTo(context));
}

/** A new Standard Webhooks secret: `whsec_` + base64 of 32 random bytes. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}
