import { and, eq, gte, ilike, lt, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { endOfUtcDay, isStorableDate, zIsoDate } from "../../lib/dates";
import { storableText } from "../../lib/text";
import { isTimeZone, startOfDayIn } from "../../lib/time-zone";
import { auditEvents } from "../db/schema";

/** Filters shared by the audit log page, its tRPC query and the CSV export (all optional). */
export const ZAuditFilters = z.object({
  actor: z.string().uuid("Unknown person.").optional().or(z.literal("").transform(() => undefined)),
  action: z.string().trim().max(64).regex(/^[a-z_.]*$/, "Unknown action.").optional().or(z.literal("").transform(() => undefined)),
  from: zIsoDate("2026-11-01").optional().or(z.literal("").transform(() => undefined)),
  to: zIsoDate("2026-11-30").optional().or(z.literal("").transform(() => undefined)),
  q: z.string().trim().max(100, "Search for at most 100 characters.").superRefine(storableText).optional(),
  /** The zone whose calendar days `from` and `to` name: the viewer's, as the times are shown (UTC when absent). */
  tz: z.string().refine(isTimeZone, "Unknown time zone.").optional().or(z.literal("").transform(() => undefined)),
});
export type AuditFilters = z.infer<typeof ZAuditFilters>;

export function auditWhere(filters: AuditFilters): SQL | undefined {
  const conditions: SQL[] = [];
  if (filters.actor) conditions.push(eq(auditEvents.actorUserId, filters.actor));
  if (filters.action) conditions.push(eq(auditEvents.action, filters.action));
  if (filters.from) conditions.push(gte(auditEvents.createdAt, startOfDayIn(filters.from, filters.tz)));
  // `to` is inclusive: everything before the next day starts (no bound after the last storable day).
  const nextDay = filters.to ? endOfUtcDay(filters.to) : null;
  const toEnd = nextDay ? startOfDayIn(nextDay.toISOString().slice(0, 10), filters.tz) : null;
  if (toEnd && isStorableDate(toEnd)) conditions.push(lt(auditEvents.createdAt, toEnd));
  if (filters.q) {
    const pattern = `%${filters.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(or(ilike(auditEvents.action, pattern), ilike(auditEvents.target, pattern), sql`${auditEvents.metadata}::text ilike ${pattern}`)!);
  }
  return conditions.length ? and(...conditions) : undefined;
}
