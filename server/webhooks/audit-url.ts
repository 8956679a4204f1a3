/**
 * A webhook URL as the audit log keeps it: scheme, host, port and path. A query string often
 * carries a token for the receiver; the log says there was one, never what it was.
 */
export function auditUrl(raw: string): string {
  try {
    const url = new URL(raw);
    return `${url.origin}${url.pathname}${url.search ? "?…" : ""}`;
  } catch {
    return "(unreadable URL)";
  }
}
