import "server-only";
import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { env } from "../env";
import { AppError } from "../errors";
import { isForbiddenAddress } from "../http/forbidden-address";

export type ResolvedAddress = { address: string; family: 4 | 6 };
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

/** What a webhook URL may be: https only in production, no private addresses unless allow-listed. */
export type WebhookNetworkPolicy = {
  requireHttps: boolean;
  /** Host names or addresses exempt from the address check (WEBHOOK_ALLOWED_HOSTS). */
  allowedHosts: readonly string[];
  resolve: Resolver;
};

/**
 * The system's resolver (getaddrinfo, /etc/hosts included) runs on libuv's small thread pool,
 * which file access and hashing share, and a lookup cannot be cancelled: a delivery gives up on
 * one at its timeout but the thread stays busy. At most two run at once, so host names that never
 * answer can hold two threads, never the whole pool; the rest wait their turn within their budget.
 */
const MAX_SYSTEM_LOOKUPS = 2;
let lookupsRunning = 0;
const waitingForLookup: (() => void)[] = [];

const systemResolver: Resolver = async (hostname) => {
  // A finished lookup hands its slot straight to the next in line (the count does not change).
  if (lookupsRunning < MAX_SYSTEM_LOOKUPS) lookupsRunning++;
  else await new Promise<void>((resolve) => waitingForLookup.push(resolve));
  try {
    return (await lookup(hostname, { all: true, verbatim: true })).map((r) => ({ address: r.address, family: r.family === 6 ? 6 : 4 }));
  } finally {
    const next = waitingForLookup.shift();
    if (next) next();
    else lookupsRunning--;
  }
};

export function webhookNetworkPolicy(overrides: Partial<WebhookNetworkPolicy> = {}): WebhookNetworkPolicy {
  return { requireHttps: env.NODE_ENV === "production", allowedHosts: env.WEBHOOK_ALLOWED_HOSTS, resolve: systemResolver, ...overrides };
}

const refuse = (message: string) => new AppError("BAD_REQUEST", message, { fieldErrors: { url: [message] } });

/**
 * The URL, parsed and checked for its form (scheme, credentials); throws a BAD_REQUEST AppError.
 * An allow-listed host (local development, tests) may use http even where https is required.
 */
export function parseWebhookUrl(raw: string, policy: Pick<WebhookNetworkPolicy, "requireHttps" | "allowedHosts">): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw refuse("Enter a full URL, such as https://example.com/webhooks.");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw refuse("Use an https:// URL.");
  if (policy.requireHttps && url.protocol !== "https:" && !policy.allowedHosts.includes(bareHost(url))) throw refuse("Webhook URLs must use https://.");
  if (url.username || url.password) throw refuse("Leave user names and passwords out of the URL; verify requests with the signing secret instead.");
  if (!url.hostname) throw refuse("The URL needs a host name.");
  // What is stored is the normalised form, which percent-encoding can make several times longer.
  if (url.href.length > 2048) throw refuse("Use a URL of at most 2,048 characters (counted with special characters percent-encoded).");
  return url;
}

function bareHost(url: URL): string {
  return url.hostname.toLowerCase().replace(/^\[|\]$/g, "").replace(/\.$/, "");
}

/**
 * Every address the URL's host resolves to, each checked: one private, loopback, link-local or
 * metadata address refuses the URL (a host with one public and one private record could otherwise
 * be steered to the private one). Allow-listed hosts skip the check. Throws a BAD_REQUEST AppError.
 */
export async function resolveWebhookHost(url: URL, policy: WebhookNetworkPolicy): Promise<ResolvedAddress[]> {
  const host = bareHost(url);
  const allowed = policy.allowedHosts.includes(host);
  const literal = isIP(host);
  let addresses: ResolvedAddress[];
  if (literal) addresses = [{ address: host, family: literal === 6 ? 6 : 4 }];
  else {
    try {
      addresses = await policy.resolve(host);
    } catch {
      throw refuse(unreachable(host));
    }
  }
  // One answer for "no such host" and "a private address": which internal names exist stays unknown.
  if (!addresses.length) throw refuse(unreachable(host));
  if (!allowed && addresses.some((a) => isForbiddenAddress(a.address))) throw refuse(unreachable(host));
  return addresses;
}

const unreachable = (host: string) =>
  `The host ${host} cannot receive webhooks: it must exist in public DNS and point only to public addresses, never to a private or reserved network address.`;

/** Save-time check: the URL's form and where it resolves now (delivery checks again). */
export async function checkWebhookUrl(raw: string, policy: WebhookNetworkPolicy): Promise<URL> {
  const url = parseWebhookUrl(raw, policy);
  await resolveWebhookHost(url, policy);
  return url;
}
