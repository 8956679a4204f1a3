import type { Transaction } from "../db/client";
import { inSharedTransaction, withTenant } from "../db/with-tenant";
import { env } from "../env";
import { withSearchBudget, type AuditFilters } from "./audit-filters";
import { claimSearchSlot } from "./search-slots";
import { countAuditEvents, formatAuditCursor, hasAuditEventsBeyond, listAuditActions, readAuditPage, type AuditPosition } from "./audit-keyset";

/** Counting stops here: "more than 1,000 events" is as useful as an exact figure, and walking further cost every view of a large log about 10 ms (bench part scale). */
export const AUDIT_COUNT_CAP = 1_000;

export type ListAuditEventsOptions = {
  tenantId: string;
  pageSize: number;
  filters?: AuditFilters;
  /** The page of events just older than this one (the "Older" link), or just newer (the "Newer" link). */
  before?: AuditPosition;
  after?: AuditPosition;
  /** Per statement of a text search (tests); AUDIT_SEARCH_TIMEOUT_MS otherwise. */
  searchTimeoutMs?: number;
  /**
   * A text search's count as its newest page gave it (its page links carry it along): an older or
   * newer page shows that count instead of walking the log once more to take it again. Ignored
   * without a cursor or without search text.
   */
  searchTotal?: number;
};

/**
 * One page of the audit log, newest first, with cursors for the pages around it: `newer` and
 * `older` are null where there is nothing more. Every query is an index walk on
 * (tenant_id[, action | actor], created_at, id), whatever the size of the log.
 */
export async function listAuditEvents(options: ListAuditEventsOptions) {
  const { tenantId, filters = {}, searchTimeoutMs = env.AUDIT_SEARCH_TIMEOUT_MS } = options;
  if (!filters.q) return withTenant(tenantId, (tx) => readListing(tx, options));
  // A text search gets its own transaction and time budget: the page's other reads go on in
  // the shared one, and a search that runs out of time is refused with advice, not a 503.
  // Only a few searches run at once in a process (search-slots.ts); the next is a 429.
  const release = claimSearchSlot();
  try {
    // A pool of one connection has no second one to give: the search joins the request's own
    // transaction, under the server's statement limit (DATABASE_STATEMENT_TIMEOUT_MS).
    if (env.DATABASE_POOL_MAX === 1 && inSharedTransaction()) return await withTenant(tenantId, (tx) => readListing(tx, options));
    return await withSearchBudget(tenantId, searchTimeoutMs, (tx) => readListing(tx, options));
  } finally {
    release();
  }
}

async function readListing(tx: Transaction, { tenantId, pageSize, filters = {}, before, after, searchTotal }: ListAuditEventsOptions) {
  let rows = await readAuditPage(tx, { tenantId, filters, limit: pageSize + 1, before, after });
  if (after && rows.length <= pageSize) {
    // Back at the top: show the full newest page rather than the few events left above `after`.
    rows = await readAuditPage(tx, { tenantId, filters, limit: pageSize + 1 });
    after = undefined;
  }
  // The extra row tells whether there is more in the direction read; the other direction is
  // one probe beyond the page's edge (the page came from there, but a link may be stale).
  const items = after ? rows.slice(1) : rows.slice(0, pageSize);
  const first = items[0];
  const last = items.at(-1);
  const beyond = (from: AuditPosition, direction: "newer" | "older") => hasAuditEventsBeyond(tx, { tenantId, filters, from, direction });
  const hasNewer = !!first && (after ? true : !!before && (await beyond(first.position, "newer")));
  const hasOlder = !!last && (after ? await beyond(last.position, "older") : rows.length > pageSize);
  // The newest page holding everything that matches is its own count, and a search's later pages
  // keep the count its newest page took (a search that finds little would otherwise walk the
  // whole log a second time to count it, on every page).
  const paged = !!(before || after);
  const total =
    paged && filters.q && searchTotal !== undefined
      ? Math.min(searchTotal, AUDIT_COUNT_CAP + 1)
      : !paged && rows.length <= pageSize
        ? items.length
        : await countAuditEvents(tx, { tenantId, filters, cap: AUDIT_COUNT_CAP });
  const actions = await listAuditActions(tx, tenantId);
  return {
    items,
    pageSize,
    /** Exact up to AUDIT_COUNT_CAP; above it, AUDIT_COUNT_CAP + 1 with `totalCapped`. */
    total,
    totalCapped: total > AUDIT_COUNT_CAP,
    newer: hasNewer ? formatAuditCursor(first!.position) : null,
    older: hasOlder ? formatAuditCursor(last!.position) : null,
    actions,
  };
}
