import "server-only";
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { requireAuthSecret } from "../env";

// Webhook signing secrets are stored sealed, like SSO client secrets (server/sso/secret-box.ts):
// AES-256-GCM under a key derived from AUTH_SECRET with HKDF-SHA256 under its own label; the
// additional data binds a box to its workspace and endpoint, so one copied onto another row does
// not open. Format: "v1." + base64url(iv ‖ tag ‖ ciphertext).

const VERSION = "v1";

function key(): Buffer {
  return Buffer.from(hkdfSync("sha256", requireAuthSecret(), "atrium-webhook-secret-box", "webhook signing secret v1", 32));
}

export type WebhookSecretContext = { tenantId: string; endpointId: string };

const aad = (context: WebhookSecretContext) => Buffer.from(`${context.tenantId}/${context.endpointId}`);

export function sealWebhookSecret(plaintext: string, context: WebhookSecretContext): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  cipher.setAAD(aad(context));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url")}`;
}

/** The secret, or null when the box was tampered with, moved, or sealed under another AUTH_SECRET. */
export function openWebhookSecret(sealed: string, context: WebhookSecretContext): string | null {
  const [version, payload] = sealed.split(".");
  if (version !== VERSION || !payload) return null;
  const raw = Buffer.from(payload, "base64url");
  if (raw.length < 29) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", key(), raw.subarray(0, 12));
    decipher.setAAD(aad(context));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}

/** A new Standard Webhooks secret: `whsec_` + base64 of 32 random bytes. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}
