import "server-only";
import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { requireAuthSecret } from "../env";
import type { AuditFilters } from "./audit-filters";

// A text search's count travels in its page links (`n`), so its later pages need not walk the log
// again to count. It is signed (a key derived from AUTH_SECRET for this use only) over the
// workspace, the filters and the figure: a crafted link cannot make the log say "1 event" above
// a full page, or "more than 1,000" for a handful, to whoever opens it.

let key: Buffer | undefined;
function countKey(): Buffer {
  key ??= Buffer.from(hkdfSync("sha256", requireAuthSecret(), "atrium-audit-search-count-v1", "audit-count-links", 32));
  return key;
}

function mac(tenantId: string, filters: AuditFilters, count: number): string {
  const subject = JSON.stringify([tenantId, filters.actor ?? "", filters.action ?? "", filters.from ?? "", filters.to ?? "", filters.q ?? "", filters.tz ?? "", count]);
  return createHmac("sha256", countKey()).update(subject).digest("base64url").slice(0, 22);
}

/** The `n` a search's page links carry: its count, and a signature of what it counts. */
export function searchCountParam(tenantId: string, filters: AuditFilters, count: number): string {
  return `${count}.${mac(tenantId, filters, count)}`;
}

/** The count an `n` from this workspace's same search vouches for; undefined for anything else. */
export function readSearchCountParam(tenantId: string, filters: AuditFilters, value: string | undefined): number | undefined {
  const match = /^(\d{1,7})\.([A-Za-z0-9_-]{22})$/.exec(value ?? "");
  if (!match) return undefined;
  const count = Number(match[1]);
  const expected = Buffer.from(mac(tenantId, filters, count));
  const given = Buffer.from(match[2]!);
  return given.length === expected.length && timingSafeEqual(given, expected) ? count : undefined;
}
