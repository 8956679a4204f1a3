/**
 * State-changing requests must come from our own page on the same host: the Origin header
 * (sent by every current browser on POST) must match the Host. Without Origin, fall back to
 * Sec-Fetch-Site; a request with neither is refused.
 */
export function isSameOriginRequest(headers: Headers): boolean {
  const host = headers.get("host");
  const origin = headers.get("origin");
  if (origin) {
    if (!host) return false;
    try {
      return new URL(origin).host === host.toLowerCase();
    } catch {
      return false;
    }
  }
  const site = headers.get("sec-fetch-site");
  return site === "same-origin";
}
