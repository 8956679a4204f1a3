import "server-only";
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto";
import { requireAuthSecret } from "../env";

// Keys for second-factor data, derived from AUTH_SECRET with HKDF-SHA256 (RFC 5869): one key per
// use (the `info` label), so the session-signing secret itself never encrypts anything here.
// Rotating AUTH_SECRET invalidates stored TOTP secrets and recovery codes (people enrol again).

const SALT = "atrium-two-factor-v1";

function deriveKey(info: string): Buffer {
  return Buffer.from(hkdfSync("sha256", requireAuthSecret(), SALT, info, 32));
}

const VERSION = "v1";

/**
 * AES-256-GCM with a random 96-bit nonce; `context` (the user id) is authenticated data, so a
 * sealed secret copied onto another user's row does not open.
 */
export function sealSecret(plain: string, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", deriveKey("totp-secret"), iv);
  cipher.setAAD(Buffer.from(context));
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url")}`;
}

/** The plain secret, or null when the box was tampered with, moved or sealed under another key. */
export function openSecret(sealed: string, context: string): string | null {
  const [version, payload] = sealed.split(".");
  if (version !== VERSION || !payload) return null;
  const raw = Buffer.from(payload, "base64url");
  if (raw.length < 29) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", deriveKey("totp-secret"), raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}

/** Keyed hash of a (normalised) recovery code: without AUTH_SECRET a leaked table cannot be brute-forced. */
export function hashRecoveryCode(normalisedCode: string): string {
  return createHmac("sha256", deriveKey("recovery-code")).update(normalisedCode).digest("hex");
}
