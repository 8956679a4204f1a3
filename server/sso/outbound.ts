import "server-only";
import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { env } from "../env";
import { AppError } from "../errors";

// Requests to a workspace's identity provider are made on behalf of whoever configured it, so in
// production they may only reach public https addresses (no loopback, private, link-local or
// metadata addresses: SSRF). A platform running on localhost (development, the browser tests)
// talks to a provider on this machine over http.

export const OUTBOUND_TIMEOUT_MS = 5_000;
const MAX_BODY_BYTES = 512 * 1024;

export function strictOutbound(): boolean {
  const localPlatform = /(^|\.)localhost(:\d+)?$/.test(env.ROOT_DOMAIN);
  return env.NODE_ENV === "production" && !localPlatform;
}

function ipv4Private(ip: string): boolean {
  const [a = 0, b = 0] = ip.split(".").map(Number);
  return a === 0 || a === 10 || a === 127 || (a === 100 && b >= 64 && b <= 127) || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 198 && (b === 18 || b === 19)) || a >= 224;
}

/** Whether an address is loopback, private, link-local, shared, multicast or otherwise not public. */
export function isNonPublicAddress(ip: string): boolean {
  const bare = ip.replace(/^\[|\]$/g, "").toLowerCase();
  if (isIP(bare) === 4) return ipv4Private(bare);
  if (isIP(bare) !== 6) return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(bare);
  if (mapped) return ipv4Private(mapped[1]!);
  return bare === "::" || bare === "::1" || /^f[cd]/.test(bare) || /^fe[89ab]/.test(bare) || /^ff/.test(bare) || bare.startsWith("64:ff9b:") || bare.startsWith("2001:db8");
}

/** Refuses a URL the platform must not call (see above); says why in words for the owner. */
export async function assertCallableUrl(url: URL, strict = strictOutbound()): Promise<void> {
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new AppError("BAD_REQUEST", "The address must start with https://.");
  if (url.username || url.password) throw new AppError("BAD_REQUEST", "The address must not contain a user name or password.");
  if (!strict) return;
  if (url.protocol !== "https:") throw new AppError("BAD_REQUEST", "The identity provider must be reached over https.");
  const host = url.hostname.replace(/^\[|\]$/g, "");
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = (await lookup(host, { all: true })).map((a) => a.address);
    } catch {
      throw new AppError("BAD_REQUEST", `${host} could not be found in DNS.`);
    }
  }
  if (addresses.length === 0 || addresses.some(isNonPublicAddress)) {
    throw new AppError("BAD_REQUEST", `${host} points to a private or local network address, which Atrium does not call.`);
  }
}

/** fetch with the checks above, a short timeout, no redirects and a bounded body. */
export async function outboundFetch(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
  const url = new URL(input instanceof Request ? input.url : input.toString());
  await assertCallableUrl(url);
  const timeout = AbortSignal.timeout(OUTBOUND_TIMEOUT_MS);
  const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
  const response = await fetch(input, { ...init, signal, redirect: "manual" });
  const length = Number(response.headers.get("content-length") ?? 0);
  if (length > MAX_BODY_BYTES) throw new AppError("BAD_REQUEST", "The identity provider's answer is too large.");
  return response;
}
