import { env } from "../env";
import { originFor } from "../hosts/parse-host";

// The relying party is the root domain's host name (no port), so a passkey made on the apex is
// valid for the whole site; ceremonies run on the apex only, which is the one origin accepted.

export const RP_NAME = "Atrium";

export function relyingPartyId(): string {
  return env.ROOT_DOMAIN.replace(/:\d+$/, "");
}

export function expectedOrigin(): string {
  return originFor({ kind: "apex" }, env.ROOT_DOMAIN, env.PUBLIC_PROTOCOL);
}

/** How long the browser shows its passkey prompt, and how long a challenge stays redeemable. */
export const CEREMONY_TIMEOUT_MS = 120_000;
export const CHALLENGE_TTL_SECONDS = 300;
