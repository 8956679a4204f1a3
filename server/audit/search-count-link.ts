import "server-only";
import { purposeMac } from "../crypto/purpose-mac";
import type { AuditFilters } from "./audit-filters";

// A text search's count travels in its page links (`n`), so its later pages need not walk the log
// again to count. It is signed (a key derived from AUTH_SECRET for this use only) over the
// workspace, the filters and the figure: a crafted link cannot make the log say "1 event" above
// a full page, or "more than 1,000" for a handful, to whoever opens it.

const countMac = purposeMac({ salt: "atrium-audit-search-count-v1", info: "audit-count-links", length: 22 });

function subjectOf(tenantId: string, filters: AuditFilters, count: number): string {
  return JSON.stringify([tenantId, filters.actor ?? "", filters.action ?? "", filters.from ?? "", filters.to ?? "", filters.q ?? "", filters.tz ?? "", count]);
}

/** The `n` a search's page links carry: its count, and a signature of what it counts. */
export function searchCountParam(tenantId: string, filters: AuditFilters, count: number): string {
  return `${count}.${countMac.sign(subjectOf(tenantId, filters, count))}`;
}

/** The count an `n` from this workspace's same search vouches for; undefined for anything else. */
export function readSearchCountParam(tenantId: string, filters: AuditFilters, value: string | undefined): number | undefined {
  const match = /^(\d{1,7})\.([A-Za-z0-9_-]{22})$/.exec(value ?? "");
  if (!match) return undefined;
  const count = Number(match[1]);
  return countMac.verify(subjectOf(tenantId, filters, count), match[2]!) ? count : undefined;
}
