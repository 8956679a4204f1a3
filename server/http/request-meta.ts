import type { RequestMeta } from "../audit/record-audit-event";
import { env } from "../env";

/**
 * Client IP and user agent. Next appends the socket address to X-Forwarded-For, so without a
 * trusted proxy in front we take the last entry (a client cannot forge it); behind one
 * (TRUST_PROXY=true) the first.
 */
export function requestMetaFromHeaders(headers: Headers): RequestMeta {
  const forwarded = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const ip = (env.TRUST_PROXY ? forwarded[0] : forwarded.at(-1)) ?? headers.get("x-real-ip") ?? null;
  return { ip, userAgent: headers.get("user-agent") };
}

/** The Host the browser addressed (proxy rewrites keep it). */
export function requestHost(headers: Headers): string {
  return headers.get("host") ?? headers.get("x-forwarded-host") ?? "";
}
