import { z } from "zod";

// Dates every input accepts: ISO 8601, real calendar days, and instants within years 1–9999 (UTC).
// JavaScript dates reach ±275760 and ISO strings name year 0, but a timestamp outside four-digit
// years is written as `+010000-…` or `0000-…`, which PostgreSQL refuses (a 500 from deep inside a
// query); refusing it here names the field instead.

export const EARLIEST_DATE = new Date("0001-01-01T00:00:00.000Z");
export const LATEST_DATE = new Date("9999-12-31T23:59:59.999Z");

/** Whether an instant can be stored and written back as a four-digit-year ISO string. */
export function isStorableDate(date: Date): boolean {
  const time = date.getTime();
  return Number.isFinite(time) && time >= EARLIEST_DATE.getTime() && time <= LATEST_DATE.getTime();
}

const RANGE = "between the years 1 and 9999";

/** An ISO 8601 date-time with an offset or `Z` (e.g. 2026-11-01T12:00:00Z), kept as the string. */
export function zIsoDateTime(field: string) {
  return z.iso
    .datetime({ offset: true, error: `${field} must be an ISO 8601 date-time such as 2026-11-01T12:00:00Z.` })
    .refine((value) => isStorableDate(new Date(value)), { message: `${field} must be a date-time ${RANGE}.`, abort: true });
}

/** An ISO 8601 calendar date (YYYY-MM-DD), kept as the string. */
export function zIsoDate(example = "2026-11-01") {
  return z.iso
    .date(`Use a date like ${example}.`)
    .refine((value) => value >= "0001-01-01", { message: `Use a date ${RANGE}.`, abort: true });
}

/** The instant a calendar date (YYYY-MM-DD) starts at in UTC. */
export function startOfUtcDay(date: string): Date {
  return new Date(`${date}T00:00:00.000Z`);
}

/** The instant after a calendar date (YYYY-MM-DD) in UTC, or null past the last storable day. */
export function endOfUtcDay(date: string): Date | null {
  const next = new Date(startOfUtcDay(date).getTime() + 86_400_000);
  return isStorableDate(next) ? next : null;
}
