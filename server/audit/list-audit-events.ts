import { withTenant } from "../db/with-tenant";
import type { AuditFilters } from "./audit-filters";
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
};

/**
 * One page of the audit log, newest first, with cursors for the pages around it: `newer` and
 * `older` are null where there is nothing more. Every query is an index walk on
 * (tenant_id[, action | actor], created_at, id), whatever the size of the log.
 */
export async function listAuditEvents({ tenantId, pageSize, filters = {}, before, after }: ListAuditEventsOptions) {
  return withTenant(tenantId, async (tx) => {
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
    const total = await countAuditEvents(tx, { tenantId, filters, cap: AUDIT_COUNT_CAP });
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
  });
}
