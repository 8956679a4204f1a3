import "server-only";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { EVENT_TYPES, isEventType, type EventType } from "../../lib/event-catalog";
import { events } from "../db/schema";
import { withTenant } from "../db/with-tenant";
import { AppError } from "../errors";
import { decodeEventCursor, encodeEventCursor, type EventPosition } from "./event-cursor";
import { publicEvent, type PublicEvent } from "./public-event";

export const EVENTS_PAGE_MAX = 100;
export const EVENTS_PAGE_DEFAULT = 50;

/** `GET /api/v1/events` query: `after` (a cursor), `limit`, and `type` (repeated or comma-separated). */
export const ZEventsQuery = z.object({
  after: z.string().max(200, "The cursor is not valid (too long). Pass the nextCursor of a previous response unchanged.").optional().describe("The nextCursor of the previous page; omit to start from the first event."),
  limit: z.coerce
    .number({ error: "limit must be a whole number." })
    .int("limit must be a whole number.")
    .min(1, "limit must be at least 1.")
    .max(EVENTS_PAGE_MAX, `limit must be at most ${EVENTS_PAGE_MAX}.`)
    .default(EVENTS_PAGE_DEFAULT)
    .describe(`Events per page, 1–${EVENTS_PAGE_MAX} (default ${EVENTS_PAGE_DEFAULT}).`),
  type: z
    .array(z.enum(EVENT_TYPES))
    .max(EVENT_TYPES.length)
    .optional()
    .describe("Only these event types: repeat the parameter or separate types with commas."),
});

export type ListEventsOptions = { tenantId: string; after?: string; limit: number; types?: readonly EventType[] };

export type EventsPage = { data: PublicEvent[]; nextCursor: string | null; hasMore: boolean };

/** Parses the query string; unknown types and a malformed cursor are 400s that say what is wrong. */
export function parseEventsQuery(params: URLSearchParams): { after?: string; limit: number; types?: EventType[] } {
  const types = params.getAll("type").flatMap((value) => value.split(",")).map((value) => value.trim()).filter(Boolean);
  const unknown = types.filter((type) => !isEventType(type));
  if (unknown.length) {
    throw new AppError("BAD_REQUEST", `Unknown event type ${JSON.stringify(unknown[0]!.slice(0, 64))}. Known types: ${EVENT_TYPES.join(", ")}.`, { fieldErrors: { type: ["Unknown event type."] } });
  }
  const parsed = ZEventsQuery.parse({ after: params.get("after") ?? undefined, limit: params.get("limit") ?? undefined, type: types.length ? [...new Set(types)] : undefined });
  return { after: parsed.after, limit: parsed.limit, types: parsed.type };
}

/**
 * One page of the workspace's events in (xid, seq) order, only of transactions below the oldest
 * one still running: an event whose transaction commits late then appears after the cursor, never
 * behind it, so a poller that follows nextCursor sees every event exactly once.
 */
export async function listEvents({ tenantId, after, limit, types }: ListEventsOptions): Promise<EventsPage> {
  const position = after === undefined ? null : decodeEventCursor(tenantId, after);
  const { rows, horizon } = await withTenant(tenantId, async (tx) => {
    // Taken before the page's own statement, whose horizon is the same or later: every event
    // below this one is final and was within the page's reach.
    const [mark] = await tx.execute<{ horizon: string }>(sql`select pg_snapshot_xmin(pg_current_snapshot())::text as horizon`);
    const found = await tx
      .select()
      .from(events)
      .where(
        and(
          eq(events.tenantId, tenantId),
          position ? sql`(${events.xid}, ${events.seq}) > (${position.xid}::xid8, ${position.seq}::bigint)` : undefined,
          sql`${events.xid} < pg_snapshot_xmin(pg_current_snapshot())`,
          types?.length ? inArray(events.type, [...types]) : undefined,
        ),
      )
      .orderBy(asc(events.xid), asc(events.seq))
      .limit(limit + 1);
    return { rows: found, horizon: BigInt(mark!.horizon) };
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    data: page.map(publicEvent),
    // An empty page moves the caller up to the horizon (nothing can appear below it any more), so a
    // filtered poll does not scan the same non-matching events again; never backwards.
    nextCursor: last ? encodeEventCursor(tenantId, { xid: last.xid, seq: last.seq }) : emptyPageCursor(tenantId, position, horizon),
    hasMore: rows.length > limit,
  };
}

/**
 * The highest position wholly below the horizon, or where the caller already was if that is
 * further; sealed anew either way (a new nonce), so whether the horizon moved stays unseen.
 */
function emptyPageCursor(tenantId: string, position: EventPosition | null, horizon: bigint): string | null {
  const below = horizon - 1n;
  if (position && (below < 1n || BigInt(position.xid) >= below)) return encodeEventCursor(tenantId, position);
  if (below < 1n) return null;
  return encodeEventCursor(tenantId, { xid: below.toString(), seq: MAX_SEQ });
}

/** Larger than any seq (a bigint identity) will be, and within the cursor's 18 digits. */
const MAX_SEQ = "999999999999999999";
