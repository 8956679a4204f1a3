import "server-only";
import { createHmac, hkdfSync } from "node:crypto";
import { sealedBox } from "../crypto/sealed-box";
import { requireAuthSecret } from "../env";

// Keys for second-factor data, derived from AUTH_SECRET with HKDF-SHA256 (RFC 5869): one key per
// use (the `info` label), so the session-signing secret itself never encrypts anything here.
// Rotating AUTH_SECRET invalidates stored TOTP secrets and recovery codes (people enrol again).

const SALT = "atrium-two-factor-v1";

function deriveKey(info: string): Buffer {
  return Buffer.from(hkdfSync("sha256", requireAuthSecret(), SALT, info, 32));
}

const totpBox = sealedBox({ salt: SALT, info: "totp-secret" });

/** A TOTP seed sealed (server/crypto/sealed-box.ts); `context` (the user id) binds it to its row. */
export function sealSecret(plain: string, context: string): string {
  return totpBox.seal(plain, context);
}

/** The plain secret, or null when the box was tampered with, moved or sealed under another key. */
export function openSecret(sealed: string, context: string): string | null {
  return totpBox.open(sealed, context);
}

/** Keyed hash of a (normalised) recovery code: without AUTH_SECRET a leaked table cannot be brute-forced. */
export function hashRecoveryCode(normalisedCode: string): string {
  return createHmac("sha256", deriveKey("recovery-code")).update(normalisedCode).digest("hex");
}
