import "server-only";
import { Secret, TOTP } from "otpauth";

// RFC 6238 with the parameters every authenticator app supports: SHA-1, 6 digits, 30 seconds.
export const TOTP_PERIOD_SECONDS = 30;
/** Steps either side of now that still count (clock drift between phone and server). */
const DRIFT_STEPS = 1;
const ISSUER = "Atrium";

function totpFor(secretBase32: string, label = "account"): TOTP {
  return new TOTP({ issuer: ISSUER, label, algorithm: "SHA1", digits: 6, period: TOTP_PERIOD_SECONDS, secret: Secret.fromBase32(secretBase32) });
}

/** A new random 160-bit secret (RFC 4226's recommended length), base32 as apps expect it. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The otpauth:// URI an authenticator app reads from the QR code. */
export function totpUri(secretBase32: string, accountEmail: string): string {
  return totpFor(secretBase32, accountEmail).toString();
}

/** Six digits, spaces and dashes allowed ("123 456"); anything else is not a code. */
export function normaliseTotpCode(input: string): string | null {
  const digits = input.replace(/[\s-]/g, "");
  return /^\d{6}$/.test(digits) ? digits : null;
}

/**
 * The time step the code belongs to (now ±1 step), or null when it matches none. Callers refuse
 * a step at or before the last one accepted, so a code works once.
 */
export function matchTotpStep(secretBase32: string, code: string, nowMs = Date.now()): number | null {
  const delta = totpFor(secretBase32).validate({ token: code, timestamp: nowMs, window: DRIFT_STEPS });
  if (delta === null) return null;
  return Math.floor(nowMs / 1000 / TOTP_PERIOD_SECONDS) + delta;
}

/** The code for a moment (tests, and nothing else, need this). */
export function totpCodeAt(secretBase32: string, nowMs: number): string {
  return totpFor(secretBase32).generate({ timestamp: nowMs });
}
