import "server-only";
import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { requireAuthSecret } from "../env";

/**
 * An HMAC-SHA256 for one purpose only (links that must not be forged, e.g. status page
 * confirmations, audit search counts): its key is derived from AUTH_SECRET with HKDF under the
 * purpose's own salt and label, so a value signed for one use never verifies for another.
 * `length` keeps that many base64url characters (22 ≈ 128 bits) where a link must stay short.
 */
export type PurposeMac = {
  sign(subject: string): string;
  /** Whether `given` is the signature of `subject`, compared in constant time. */
  verify(subject: string, given: string): boolean;
};

export function purposeMac({ salt, info, length }: { salt: string; info: string; length?: number }): PurposeMac {
  let key: Buffer | undefined;
  const sign = (subject: string) => {
    key ??= Buffer.from(hkdfSync("sha256", requireAuthSecret(), salt, info, 32));
    const mac = createHmac("sha256", key).update(subject).digest("base64url");
    return length ? mac.slice(0, length) : mac;
  };
  return {
    sign,
    verify(subject, given) {
      const expected = Buffer.from(sign(subject));
      const actual = Buffer.from(given);
      return actual.length === expected.length && timingSafeEqual(actual, expected);
    },
  };
}
