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
