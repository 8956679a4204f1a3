import { createHash, randomBytes } from "node:crypto";

export const KEY_PREFIX = "atr_live_";
const KEY_PATTERN = /^atr_live_[A-Za-z0-9_-]{43}$/;

/** `atr_live_` + 32 random bytes (256 bits) in base64url. */
export function generateApiKey(): { secret: string; prefix: string; hash: string } {
  const secret = `${KEY_PREFIX}${randomBytes(32).toString("base64url")}`;
  return { secret, prefix: secret.slice(0, KEY_PREFIX.length + 6), hash: hashApiKey(secret) };
}

/** A fast hash is right here: the secret has 256 bits of entropy, so it cannot be guessed. */
export function hashApiKey(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export function looksLikeApiKey(value: string): boolean {
  return KEY_PATTERN.test(value);
}
