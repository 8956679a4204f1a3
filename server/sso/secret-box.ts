import "server-only";
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { requireAuthSecret } from "../env";

// Client secrets of identity providers are stored encrypted: AES-256-GCM under a key derived
// from AUTH_SECRET with HKDF-SHA256 (its own salt and label, so the key is used for nothing
// else). The additional data binds a ciphertext to its workspace and connection: copied onto
// another row, it no longer decrypts. Format: "v1." + base64url(iv ‖ tag ‖ ciphertext).

const VERSION = "v1";

function key(): Buffer {
  return Buffer.from(hkdfSync("sha256", requireAuthSecret(), "atrium-sso-secret-box", "sso client secret v1", 32));
}

export type SecretContext = { tenantId: string; connectionId: string };

const aad = (context: SecretContext) => Buffer.from(`${context.tenantId}/${context.connectionId}`);

export function sealSecret(plaintext: string, context: SecretContext): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  cipher.setAAD(aad(context));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url")}`;
}

/** The secret, or null when the box was tampered with, moved, or sealed under another AUTH_SECRET. */
export function openSecret(sealed: string, context: SecretContext): string | null {
  const [version, payload] = sealed.split(".");
  if (version !== VERSION || !payload) return null;
  const raw = Buffer.from(payload, "base64url");
  if (raw.length < 28) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", key(), raw.subarray(0, 12));
    decipher.setAAD(aad(context));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}
