import "server-only";
import { purposeMac } from "../crypto/purpose-mac";
import { env } from "../env";

// Confirmation and unsubscribe links carry an HMAC of the subscriber id (a key derived from
// AUTH_SECRET for this use only), so nothing secret is stored and every email can carry a
// working unsubscribe link. The confirmation token also covers the address: a link confirms
// only the address it was sent to.

type Purpose = "confirm" | "unsubscribe";

const linkMac = purposeMac({ salt: "atrium-status-subscribers-v1", info: "status-links" });

function subjectOf(purpose: Purpose, subscriberId: string, email: string): string {
  return `${purpose}:${purpose === "confirm" ? `${subscriberId}:${email}` : subscriberId}`;
}

export function subscriberToken(purpose: Purpose, subscriberId: string, email: string): string {
  return linkMac.sign(subjectOf(purpose, subscriberId, email));
}

export function verifySubscriberToken(purpose: Purpose, subscriberId: string, email: string, token: string): boolean {
  return linkMac.verify(subjectOf(purpose, subscriberId, email), token);
}

/** The status page's origin, e.g. `https://status.example.com`. */
export function statusOrigin(): string {
  return `${env.PUBLIC_PROTOCOL}://status.${env.ROOT_DOMAIN}`;
}

export function subscriberLink(purpose: Purpose, subscriberId: string, email: string): string {
  const path = purpose === "confirm" ? "/subscribe/confirm" : "/unsubscribe";
  return `${statusOrigin()}${path}?s=${subscriberId}&t=${subscriberToken(purpose, subscriberId, email)}`;
}
