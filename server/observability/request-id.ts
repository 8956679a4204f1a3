import { randomUUID } from "node:crypto";

export const REQUEST_ID_HEADER = "x-request-id";

// What a proxy or client may hand us as an id: short and made of characters that are safe in a
// log line and a header (no spaces, quotes or control characters to forge fields with).
const ACCEPTABLE = /^[A-Za-z0-9._:-]{1,128}$/;

/** The incoming `X-Request-Id` when it is sane, else a new UUID. */
export function acceptRequestId(incoming: string | string[] | undefined): string {
  const value = Array.isArray(incoming) ? incoming[0] : incoming;
  return value && ACCEPTABLE.test(value) ? value : randomUUID();
}
