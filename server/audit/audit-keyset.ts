import { and, asc, desc, eq, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { isStorableDate } from "../../lib/dates";
import type { Transaction } from "../db/client";
import { auditEvents, users } from "../db/schema";
import { auditWhere, type AuditFilters } from "./audit-filters";

// Keyset pagination of the audit log, newest first, on (created_at, id): a page costs the same
// at the millionth event as at the first, where OFFSET read and dropped every row before it.
// Events written in one transaction share created_at, hence the id as tie-breaker, and the
// cursor keeps PostgreSQL's microseconds (a JS Date would round them to milliseconds).

/** A place in the log: an event's exact created_at (UTC, microseconds) and id. */
export type AuditPosition = { at: string; id: string };

const CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z)_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** Whether an ISO instant names a real calendar time (no 30 February, no hour 25) in years 1–9999. */
function isRealInstant(at: string): boolean {
  const date = new Date(`${at.slice(0, 23)}Z`);
  return isStorableDate(date) && date.toISOString().slice(0, 23) === at.slice(0, 23);
}

/** A cursor as it travels in URLs and tRPC inputs (`2026-11-01T12:00:00.123456Z_<uuid>`). */
export const ZAuditCursor = z
  .string()
  .max(100)
  .transform((value, ctx): AuditPosition => {
    const match = CURSOR.exec(value);
    if (!match || !isRealInstant(match[1]!)) {
      ctx.addIssue({ code: "custom", message: "That page link is not valid." });
      return z.NEVER;
    }
    return { at: match[1]!, id: match[2]! };
  });

export function formatAuditCursor(position: AuditPosition): string {
  return `${position.at}_${position.id}`;
}

const positionOf = sql<string>`to_char(${auditEvents.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
const key = sql`(${auditEvents.createdAt}, ${auditEvents.id})`;
const keyOf = (p: AuditPosition) => sql`(${p.at}::timestamptz, ${p.id}::uuid)`;

/** The tenant (explicit, so the planner uses the indexes that lead with it; RLS stays underneath) and the filters. */
function conditions(tenantId: string, filters: AuditFilters, ...more: SQL[]): SQL | undefined {
  return and(eq(auditEvents.tenantId, tenantId), auditWhere(filters), ...more);
}

export type AuditPageRow = Awaited<ReturnType<typeof readAuditPage>>[number];

/**
 * Up to `limit` events, newest first: the newest ones, those just older than `before`, or those
 * just newer than `after` (read oldest first through the index, returned newest first).
 */
export async function readAuditPage(
  tx: Transaction,
  { tenantId, filters, limit, before, after }: { tenantId: string; filters: AuditFilters; limit: number; before?: AuditPosition; after?: AuditPosition },
) {
  const rows = await tx
    .select({
      id: auditEvents.id,
      action: auditEvents.action,
      target: auditEvents.target,
      ip: auditEvents.ip,
      userAgent: auditEvents.userAgent,
      metadata: auditEvents.metadata,
      createdAt: auditEvents.createdAt,
      actorName: users.name,
      actorEmail: users.email,
      position: positionOf,
    })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorUserId))
    .where(conditions(tenantId, filters, ...(before ? [sql`${key} < ${keyOf(before)}`] : []), ...(after ? [sql`${key} > ${keyOf(after)}`] : [])))
    .orderBy(...(after ? [asc(auditEvents.createdAt), asc(auditEvents.id)] : [desc(auditEvents.createdAt), desc(auditEvents.id)]))
    .limit(limit);
  const page = rows.map(({ position, ...row }) => ({ ...row, position: { at: position, id: row.id } as AuditPosition }));
  return after ? page.reverse() : page;
}

/** Whether any event (matching the filters) lies beyond `from`: newer (`>`) or older (`<`). */
export async function hasAuditEventsBeyond(
  tx: Transaction,
  { tenantId, filters, from, direction }: { tenantId: string; filters: AuditFilters; from: AuditPosition; direction: "newer" | "older" },
): Promise<boolean> {
  const beyond = direction === "newer" ? sql`${key} > ${keyOf(from)}` : sql`${key} < ${keyOf(from)}`;
  const rows = await tx.select({ one: sql`1` }).from(auditEvents).where(conditions(tenantId, filters, beyond)).limit(1);
  return rows.length > 0;
}

/** How many events match, counting no further than `cap` (an index-only walk of at most cap + 1 entries). */
export async function countAuditEvents(tx: Transaction, { tenantId, filters, cap }: { tenantId: string; filters: AuditFilters; cap: number }): Promise<number> {
  // The ORDER BY matches the index, so PostgreSQL walks it and stops instead of scanning the table.
  const capped = tx
    .select({ one: sql`1` })
    .from(auditEvents)
    .where(conditions(tenantId, filters))
    .orderBy(desc(auditEvents.createdAt), desc(auditEvents.id))
    .limit(cap + 1)
    .as("capped");
  const [row] = await tx.select({ n: sql<number>`count(*)::int` }).from(capped);
  return row?.n ?? 0;
}

/** The distinct actions in a tenant's log: one index probe per action (a loose index scan), not a scan of the log. */
export async function listAuditActions(tx: Transaction, tenantId: string): Promise<string[]> {
  const rows = await tx.execute<{ action: string }>(sql`
    with recursive found(action) as (
      (select action from audit_events where tenant_id = ${tenantId}::uuid order by action limit 1)
      union all
      select (select e.action from audit_events e where e.tenant_id = ${tenantId}::uuid and e.action > found.action order by e.action limit 1)
      from found where found.action is not null
    )
    select action from found where action is not null`);
  return rows.map((r) => r.action);
}
