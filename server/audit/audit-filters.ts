import { and, eq, gte, ilike, lt, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { endOfUtcDay, isStorableDate, zIsoDate } from "../../lib/dates";
import { storableText } from "../../lib/text";
import { isTimeZone, startOfDayIn } from "../../lib/time-zone";
import type { Transaction } from "../db/client";
import { auditEvents } from "../db/schema";
import { withTenantTimeLimit } from "../db/with-tenant";
import { AppError, isStatementTimeout } from "../errors";

/** An empty field is no filter; anything else must pass `schema`, whose own words are the error. */
const blankAsNone = <T extends z.ZodType>(schema: T) => z.preprocess((value: string | undefined) => (value === "" ? undefined : value), schema.optional());

/** Filters shared by the audit log page, its tRPC query and the CSV export (all optional). */
export const ZAuditFilters = z.object({
  actor: blankAsNone(z.string({ error: "Unknown person." }).uuid("Unknown person.")),
  action: blankAsNone(z.string({ error: "Unknown action." }).trim().max(64, "Unknown action.").regex(/^[a-z_.]*$/, "Unknown action.")),
  from: blankAsNone(zIsoDate("2026-11-01")),
  to: blankAsNone(zIsoDate("2026-11-30")),
  q: z.string({ error: "Search for some text." }).trim().max(100, "Search for at most 100 characters.").superRefine(storableText).optional(),
  /** The zone whose calendar days `from` and `to` name: the viewer's, as the times are shown (UTC when absent). */
  tz: blankAsNone(z.string({ error: "Unknown time zone." }).refine(isTimeZone, "Unknown time zone.")),
}).refine((f) => !f.from || !f.to || f.from <= f.to, { message: "The From date is after the To date.", path: ["to"] });
export type AuditFilters = z.infer<typeof ZAuditFilters>;

/**
 * Whether the JSON text may not hold `text` where a value does: PostgreSQL writes a quote, a
 * backslash or a control character differently inside a JSON string, and a sigma folds by its
 * neighbours (final ς or σ), which an escape such as `\n` changes (its letter is cased).
 */
function screenUnsafe(text: string): boolean {
  return /["\\\u0000-\u001f\u03a3\u03c2\u03c3]/.test(text);
}

export function auditWhere(filters: AuditFilters): SQL | undefined {
  const conditions: SQL[] = [];
  if (filters.actor) conditions.push(eq(auditEvents.actorUserId, filters.actor));
  if (filters.action) conditions.push(eq(auditEvents.action, filters.action));
  // A bound before the first storable instant (0001-01-01 east of UTC) is no bound at all.
  const fromStart = filters.from ? startOfDayIn(filters.from, filters.tz) : null;
  if (fromStart && isStorableDate(fromStart)) conditions.push(gte(auditEvents.createdAt, fromStart));
  // `to` is inclusive: everything before the next day starts (no bound after the last storable day).
  const nextDay = filters.to ? endOfUtcDay(filters.to) : null;
  const toEnd = nextDay ? startOfDayIn(nextDay.toISOString().slice(0, 10), filters.tz) : null;
  if (toEnd && isStorableDate(toEnd)) conditions.push(lt(auditEvents.createdAt, toEnd));
  if (filters.q) {
    const pattern = `%${filters.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    // Case is folded by Unicode's rules (ICU), not the database's locale ("é" finds "É" under C
    // too), and in the metadata only values are searched: its JSON text would let `"` or a key
    // name match every event.
    const inValues = sql`exists (select 1 from jsonb_path_query(${auditEvents.metadata}, 'strict $.**') as v(value)
      where jsonb_typeof(v.value) in ('string', 'number') and (v.value #>> '{}') collate "und-x-icu" ilike ${pattern})`;
    conditions.push(
      or(
        ilike(sql`${auditEvents.action} collate "und-x-icu"`, pattern),
        ilike(sql`${auditEvents.target} collate "und-x-icu"`, pattern),
        // Walking each event's values costs about five times a match on its JSON text, so the
        // text goes first and only the events it lets through are walked (a third of the time
        // for a search that matches nothing). A value holding the search text holds it verbatim
        // in the JSON text too, unless screenUnsafe says otherwise.
        screenUnsafe(filters.q) ? inValues : and(sql`${auditEvents.metadata}::text collate "und-x-icu" ilike ${pattern}`, inValues),
      )!,
    );
  }
  return conditions.length ? and(...conditions) : undefined;
}

/**
 * Runs a text search's reads in a transaction of their own, each statement within `ms`
 * (withTenantTimeLimit). One that PostgreSQL cancels for running out of time is a 400 that says
 * how to narrow the search, not the 503 of an outage.
 *
 * PostgreSQL gives a cancel by an administrator (pg_cancel_backend) or by a shutdown the same code
 * as a timeout; such a cancel is not the search's fault, and stays the 503 of any cancelled
 * statement. Its words tell them apart (in English, the server's default); in another language,
 * a cancel before the budget could have run out cannot be a timeout.
 */
export async function withSearchBudget<T>(tenantId: string, ms: number, fn: (tx: Transaction) => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await withTenantTimeLimit(tenantId, ms, fn);
  } catch (error) {
    if (!isStatementTimeout(error) || !ranOutOfTime(error, performance.now() - started >= ms)) throw error;
    throw new AppError("BAD_REQUEST", "Searching this log for that text took too long. Narrow the search with dates, an action or a person.", { reason: "search_too_slow", cause: error });
  }
}

/** Whether a cancelled statement's error says it hit the statement timeout; `otherwise` when its words are not English. */
function ranOutOfTime(error: unknown, otherwise: boolean): boolean {
  for (let e = error, depth = 0; e && typeof e === "object" && depth < 6; e = (e as { cause?: unknown }).cause, depth++) {
    const message = (e as { code?: unknown; message?: unknown }).code === "57014" ? String((e as { message?: unknown }).message ?? "") : "";
    if (/statement timeout/i.test(message)) return true;
    if (/user request|canceling statement/i.test(message)) return false;
  }
  return otherwise;
}
