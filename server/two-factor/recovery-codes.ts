import "server-only";
import { randomInt } from "node:crypto";
import { hashRecoveryCode } from "./secret-box";

export const RECOVERY_CODE_COUNT = 10;

// Crockford-style alphabet without look-alikes (no 0/O, 1/I/L, U): 10 characters = 50 bits each,
// written as two groups of five. Input is read leniently: case, spaces and dashes do not matter.
const ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ";
const LENGTH = 10;

export function newRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    let code = "";
    for (let i = 0; i < LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
    return `${code.slice(0, 5)}-${code.slice(5)}`;
  });
}

/** The canonical form that is hashed, or null when the input cannot be a recovery code. */
export function normaliseRecoveryCode(input: string): string | null {
  if (input.length > 64) return null;
  const code = input.replace(/[\s-]/g, "").toUpperCase();
  return code.length === LENGTH && [...code].every((c) => ALPHABET.includes(c)) ? code : null;
}

export function recoveryCodeHash(input: string): string | null {
  const code = normaliseRecoveryCode(input);
  return code ? hashRecoveryCode(code) : null;
}
