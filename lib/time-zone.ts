import { DEFAULT_LOCALE, INTL_LOCALE, type Locale } from "./i18n/locales";

// Each person's time zone (users.time_zone): the audit log and the usage charts show times in it.
// Unset, they show UTC, as before. Shared by the browser (the account form) and the server; the
// input schema lives on the server (server/users/set-time-zone.ts), keeping zod out of the browser.

export const DEFAULT_TIME_ZONE = "UTC";

/** An IANA zone this runtime knows ("Europe/Berlin", "UTC"); anything else, including offsets typed by hand, is not. */
export function isTimeZone(value: unknown): value is string {
  if (typeof value !== "string" || value.length === 0 || value.length > 64 || !/^[A-Za-z0-9_+\-/]+$/.test(value)) return false;
  if (knownZones.has(value)) return true;
  try {
    // About 50 µs per construction, and pages format dozens of times per render: zones are
    // remembered under their canonical names only (what ZTimeZone, server/users/set-time-zone.ts, stores), so case variants typed
    // by hand ("eUrope/BerliN") are accepted as before but cannot fill the set.
    const canonical = new Intl.DateTimeFormat("en", { timeZone: value }).resolvedOptions().timeZone;
    if (canonical === value && knownZones.size < 2_000) knownZones.add(value);
    return true;
  } catch {
    return false;
  }
}
const knownZones = new Set<string>();

/**
 * The runtime's own name for a zone: ICU keeps older names as canonical (Asia/Kolkata resolves to
 * Asia/Calcutta here), and the list of zones offered uses those, so a saved zone is always in it.
 */
export function canonicalTimeZone(value: string): string {
  return new Intl.DateTimeFormat("en", { timeZone: value }).resolvedOptions().timeZone;
}

/** Every zone to offer: the runtime's list, UTC first. */
export function timeZoneOptions(): string[] {
  const zones = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return [DEFAULT_TIME_ZONE, ...zones.filter((zone) => zone !== DEFAULT_TIME_ZONE)];
}

const formats = new Map<string, Intl.DateTimeFormat>();
const STYLES = {
  date: { dateStyle: "medium" },
  dateTime: { dateStyle: "medium", timeStyle: "medium" },
  dateTimeShort: { dateStyle: "medium", timeStyle: "short" },
  hour: { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;

/** The zone to store: UTC is kept as unset (null), the default. */
export function storedTimeZone(timeZone: string | null): string | null {
  return timeZone === null || timeZone === DEFAULT_TIME_ZONE ? null : timeZone;
}

/** This browser's zone (browser code only). */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** A time in `timeZone`, "UTC" appended when that is the zone (a person who set none reads it so). */
export function formatInZone(date: Date, style: keyof typeof STYLES, timeZone: string | null, locale: Locale = DEFAULT_LOCALE): string {
  const zone = isTimeZone(timeZone) ? timeZone : DEFAULT_TIME_ZONE;
  return `${timeFormat(style, zone, locale).format(date)}${zone === DEFAULT_TIME_ZONE ? " UTC" : ""}`;
}

/** A date formatter in `timeZone` (an unknown zone falls back to UTC) and a language, kept for reuse. */
export function timeFormat(style: keyof typeof STYLES, timeZone: string | null | undefined, locale: Locale = DEFAULT_LOCALE): Intl.DateTimeFormat {
  const zone = isTimeZone(timeZone) ? timeZone : DEFAULT_TIME_ZONE;
  const key = `${style} ${zone} ${locale}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale === DEFAULT_LOCALE ? "en" : INTL_LOCALE[locale], { ...STYLES[style], timeZone: zone });
    formats.set(key, format);
  }
  return format;
}

/** "Europe/Berlin (UTC+01:00)" at `at`: the zone and its offset then ("UTC" for a zone this runtime does not know, as timeFormat falls back). */
export function timeZoneLabel(timeZone: string, at = new Date()): string {
  if (timeZone === DEFAULT_TIME_ZONE || !isTimeZone(timeZone)) return "UTC";
  const offset = new Intl.DateTimeFormat("en", { timeZone, timeZoneName: "longOffset" }).formatToParts(at).find((p) => p.type === "timeZoneName")?.value ?? "";
  return `${timeZone} (${offset === "GMT" ? "UTC" : offset.replace("GMT", "UTC")})`;
}

/** How far a zone's wall clock is ahead of UTC at an instant, in ms (whole seconds). */
function zoneOffsetMs(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", era: "short", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric" }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = new Date(0);
  // setUTCFullYear, not Date.UTC: that one reads years 0-99 as 1900-1999.
  const year = parts.find((p) => p.type === "era")?.value === "BC" ? 1 - part("year") : part("year");
  wall.setUTCFullYear(year, part("month") - 1, part("day"));
  wall.setUTCHours(part("hour"), part("minute"), part("second"), 0);
  return wall.getTime() - Math.floor(at.getTime() / 1000) * 1000;
}

/**
 * The instant a calendar date (YYYY-MM-DD) starts at in a zone: its local midnight (or, on a day
 * whose midnight a clock change skips, the first moment that exists). UTC when no zone is given.
 */
export function startOfDayIn(date: string, timeZone: string | null | undefined): Date {
  const utcMidnight = new Date(`${date}T00:00:00.000Z`);
  if (!timeZone || timeZone === DEFAULT_TIME_ZONE) return utcMidnight;
  // Twice: the offset at the first guess may differ from the one at local midnight (a clock change
  // between). Where midnight itself is skipped, the second guess lands on the day before: the
  // first is then the day's first moment.
  const first = utcMidnight.getTime() - zoneOffsetMs(utcMidnight, timeZone);
  const second = utcMidnight.getTime() - zoneOffsetMs(new Date(first), timeZone);
  const wallDate = (instant: number) => new Date(instant + zoneOffsetMs(new Date(instant), timeZone)).toISOString().slice(0, 10);
  return new Date(wallDate(second) === date ? second : first);
}
