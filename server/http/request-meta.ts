import type { RequestMeta } from "../audit/record-audit-event";
import { env } from "../env";

/**
 * Client IP and user agent. Next fills X-Forwarded-For from the socket only when the request
 * has none, so the address is trustworthy only behind a reverse proxy that sets it: with
 * TRUST_PROXY=true we take the entry that proxy appended (the last one). Without a proxy a
 * client can claim any address; per-IP limits are then best effort, per-account ones still hold.
 */
export function requestMetaFromHeaders(headers: Headers): RequestMeta {
  const forwarded = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const ip = forwarded.at(-1) ?? (env.TRUST_PROXY ? null : headers.get("x-real-ip")) ?? null;
  return { ip: ip ? ip.slice(0, 64) : null, userAgent: headers.get("user-agent") };
}

/** The Host the browser addressed (proxy rewrites keep it). */
export function requestHost(headers: Headers): string {
  return headers.get("host") ?? headers.get("x-forwarded-host") ?? "";
}
