import { randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { isIP } from "node:net";

/**
 * The TCP peer's address, for deployments without a trusted reverse proxy.
 *
 * `next start` (16.x, base-server.js) fills `X-Forwarded-For` from the socket only when the
 * request has none (`??=`): a client-sent header reaches route handlers and server actions
 * verbatim, neither overwritten nor appended to, and nothing else carries the socket address.
 * So the server process stamps every request, before Next sees it, with a private header
 * holding the socket's address and a per-process secret. A client may send that header too, but
 * cannot know the secret; a request that arrived before the stamp was installed (the first
 * milliseconds after start) simply has no address, never a forged one.
 */
export const PEER_HEADER = "x-atrium-peer";

const state = globalThis as unknown as { __atriumPeerSecret?: string };

/** A bare IP address (IPv4-mapped IPv6 as IPv4; a port after it dropped), or null for anything else. */
export function normalizeIp(value: string | null | undefined): string | null {
  if (!value) return null;
  let ip = value.trim();
  if (ip.startsWith("[") && ip.includes("]")) ip = ip.slice(1, ip.indexOf("]"));
  // Some proxies write the client's port too (203.0.113.7:51234): the address is what counts.
  if (/^\d+\.\d+\.\d+\.\d+:\d+$/.test(ip)) ip = ip.slice(0, ip.indexOf(":"));
  if (/^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(ip)) ip = ip.slice(7);
  return isIP(ip) ? ip.toLowerCase() : null;
}

/** Writes the stamp onto a Node request (replacing whatever the client sent under that name). */
export function stampPeerAddress(req: Pick<IncomingMessage, "headers" | "socket">): void {
  const secret = state.__atriumPeerSecret;
  if (!secret) return;
  req.headers[PEER_HEADER] = `${secret} ${normalizeIp(req.socket?.remoteAddress) ?? "-"}`;
}

/** Creates this process's secret; from then on stamps can be written and verified (http-gate.ts). */
export function enablePeerAddressStamp(): void {
  state.__atriumPeerSecret ??= randomBytes(24).toString("base64url");
}

/** The stamped socket address, or null when the stamp is missing or not ours. */
export function peerAddressFrom(headers: Headers): string | null {
  const secret = state.__atriumPeerSecret;
  const value = headers.get(PEER_HEADER);
  if (!secret || !value) return null;
  const [given, address] = value.split(" ");
  if (given !== secret) return null;
  return normalizeIp(address);
}
