// Request shapes refused before any routing: both proxy.ts and the HTTP server hook ask these.

/** The methods the app answers; anything else (TRACE, WebDAV verbs, …) is a 405. */
export const ALLOWED_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
const allowed = new Set<string>(ALLOWED_METHODS);

export function isAllowedMethod(method: string | undefined): boolean {
  return !!method && allowed.has(method.toUpperCase());
}

/**
 * Whether a raw (still percent-encoded) path has a segment that does not decode: a lone `%`,
 * `%ZZ`, a truncated `%E0%A4%A`, or bytes that are not UTF-8 (`%C0%AF`). Next.js would throw
 * while matching such a path against a dynamic route, answering 500.
 */
export function hasMalformedPercentEncoding(rawPath: string): boolean {
  if (!rawPath.includes("%")) return false;
  for (const segment of rawPath.split("/")) {
    try {
      decodeURIComponent(segment);
    } catch {
      return true;
    }
  }
  return false;
}

/**
 * Next.js's own follow-up to a server action that redirects: it fetches the target's RSC payload
 * from this server, to send it with the action's answer. It addresses that fetch to the address
 * the server listens on, not to the host the browser used, so on a workspace (or admin, or custom
 * domain) host it reaches the apex instead: a workspace's sign-out then showed the apex's sign-in
 * page under the workspace's address, and a workspace sign-in logged a 500 (the apex's static
 * not-found page asked for as RSC). It is recognisable: a GET that accepts only RSC and carries
 * the action's Content-Type (a browser's GET has none; the `rsc` header itself never reaches
 * proxy.ts) and no router state (Next removes it). Every action redirect, on the apex too, now
 * costs the browser one more request. Refused, Next sends the redirect alone and the browser follows it on the right host.
 */
export function isActionRedirectFollowUp(method: string, headers: Headers): boolean {
  return method === "GET" && headers.has("content-type") && (headers.get("accept") ?? "").includes("text/x-component") && !headers.has("next-router-state-tree");
}
