import "server-only";
import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { env, requireAuthSecret } from "../env";

// Confirmation and unsubscribe links carry an HMAC of the subscriber id (a key derived from
// AUTH_SECRET for this use only), so nothing secret is stored and every email can carry a
// working unsubscribe link. The confirmation token also covers the address: a link confirms
// only the address it was sent to.

type Purpose = "confirm" | "unsubscribe";

let key: Buffer | undefined;
function linkKey(): Buffer {
  key ??= Buffer.from(hkdfSync("sha256", requireAuthSecret(), "atrium-status-subscribers-v1", "status-links", 32));
  return key;
}

export function subscriberToken(purpose: Purpose, subscriberId: string, email: string): string {
  const subject = purpose === "confirm" ? `${subscriberId}:${email}` : subscriberId;
  return createHmac("sha256", linkKey()).update(`${purpose}:${subject}`).digest("base64url");
}

export function verifySubscriberToken(purpose: Purpose, subscriberId: string, email: string, token: string): boolean {
  const expected = Buffer.from(subscriberToken(purpose, subscriberId, email));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The status page's origin, e.g. `https://status.example.com`. */
export function statusOrigin(): string {
  return `${env.PUBLIC_PROTOCOL}://status.${env.ROOT_DOMAIN}`;
}

export function subscriberLink(purpose: Purpose, subscriberId: string, email: string): string {
  const path = purpose === "confirm" ? "/subscribe/confirm" : "/unsubscribe";
  return `${statusOrigin()}${path}?s=${subscriberId}&t=${subscriberToken(purpose, subscriberId, email)}`;
}
