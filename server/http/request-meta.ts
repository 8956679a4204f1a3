import type { RequestMeta } from "../audit/record-audit-event";
import { env } from "../env";
import { normalizeIp, peerAddressFrom } from "./peer-address";

/**
 * The client's IP address, as far as it can be trusted:
 * - TRUST_PROXY=false: the TCP peer's address (see peer-address.ts). `X-Forwarded-For` is
 *   ignored completely, since anyone can send it.
 * - TRUST_PROXY=true: the entry TRUST_PROXY_HOPS from the right of `X-Forwarded-For`; each
 *   trusted proxy appends the address it saw, so entries further left are the client's claims.
 *   With fewer entries than hops, the leftmost (the request skipped an outer proxy).
 */
export function clientIp(headers: Headers): string | null {
  if (!env.TRUST_PROXY) return peerAddressFrom(headers);
  const forwarded = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (!forwarded.length) return peerAddressFrom(headers);
  return normalizeIp(forwarded[Math.max(0, forwarded.length - env.TRUST_PROXY_HOPS)]);
}

/** Client IP (see clientIp) and user agent, for audit events and per-IP limits. */
export function requestMetaFromHeaders(headers: Headers): RequestMeta {
  return { ip: clientIp(headers), userAgent: headers.get("user-agent") };
}

/** The Host the browser addressed (proxy rewrites keep it). */
export function requestHost(headers: Headers): string {
  return headers.get("host") ?? headers.get("x-forwarded-host") ?? "";
}
