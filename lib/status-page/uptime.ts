import type { IncidentImpact, StatusComponent } from "./catalog";

// Uptime arithmetic for the status page. Pure, so it is tested on fixtures: a day with no probe
// results is "no data" (null), never 100 %, and a percentage is rounded down, so 99.996 % reads
// 99.99 % and not a perfect 100 %.

export type DailyProbeCount = { component: StatusComponent; day: string; okMinutes: number; totalMinutes: number };

export type UptimeBar = { day: string; percent: number | null; okMinutes: number; totalMinutes: number; text: string };

export const UPTIME_DAYS = 90;

const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` (UTC) of a date. */
export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Floors to two decimals: availability is never rounded up. */
export function floorPercent(ok: number, total: number): number | null {
  if (total <= 0) return null;
  return Math.floor((ok / total) * 10_000) / 100;
}

export function formatPercent(percent: number | null): string {
  return percent === null ? "No data" : `${percent.toFixed(2).replace(/\.?0+$/, "")} %`;
}

/**
 * One bar per UTC day, oldest first, ending with `today`'s (partial) day; each bar carries its
 * own text alternative, so colour is never the only signal.
 */
export function uptimeBars(counts: DailyProbeCount[], component: StatusComponent, today: Date, days = UPTIME_DAYS): UptimeBar[] {
  const byDay = new Map(counts.filter((c) => c.component === component).map((c) => [c.day, c]));
  const last = Date.parse(`${utcDay(today)}T00:00:00.000Z`);
  const bars: UptimeBar[] = [];
  for (let i = days - 1; i >= 0; i--) {
    const day = utcDay(new Date(last - i * DAY_MS));
    const count = byDay.get(day);
    const okMinutes = count?.okMinutes ?? 0;
    const totalMinutes = count?.totalMinutes ?? 0;
    const percent = floorPercent(okMinutes, totalMinutes);
    const text =
      percent === null
        ? `${day}: no data`
        : `${day}: ${formatPercent(percent)} available (${totalMinutes - okMinutes} failed of ${totalMinutes} checked minutes)`;
    bars.push({ day, percent, okMinutes, totalMinutes, text });
  }
  return bars;
}

/** Availability over the bars that have data (minutes, not an average of days), or null. */
export function overallUptime(bars: UptimeBar[]): number | null {
  const ok = bars.reduce((sum, b) => sum + b.okMinutes, 0);
  const total = bars.reduce((sum, b) => sum + b.totalMinutes, 0);
  return floorPercent(ok, total);
}

/** How a bar is drawn: the colour band, also named in its text. */
export function barLevel(percent: number | null): "none" | "good" | "degraded" | "bad" {
  if (percent === null) return "none";
  if (percent >= 99.9) return "good";
  if (percent >= 95) return "degraded";
  return "bad";
}

export type ComponentState = "operational" | "degraded" | "partial-outage" | "major-outage" | "unknown";

export const STATE_LABELS: Record<ComponentState, string> = {
  operational: "Operational",
  degraded: "Degraded performance",
  "partial-outage": "Partial outage",
  "major-outage": "Major outage",
  unknown: "No recent data",
};

const SEVERITY: Record<ComponentState, number> = { unknown: 0, operational: 1, degraded: 2, "partial-outage": 3, "major-outage": 4 };

export type RecentProbe = { ok: boolean; minute: Date };

/** Minutes of probe results the current state looks at. */
export const CURRENT_WINDOW_MINUTES = 5;

/**
 * A component's state now: from its probe results of the last few minutes (newest failed: major
 * outage; an earlier failure in the window: degraded; none in the window: unknown), made worse,
 * never better, by an open incident's declared impact.
 */
export function componentState(recent: RecentProbe[], now: Date, openImpacts: IncidentImpact[]): ComponentState {
  const since = now.getTime() - CURRENT_WINDOW_MINUTES * 60_000;
  const inWindow = recent.filter((p) => p.minute.getTime() >= since).sort((a, b) => b.minute.getTime() - a.minute.getTime());
  let state: ComponentState = "unknown";
  if (inWindow.length) state = !inWindow[0]!.ok ? "major-outage" : inWindow.some((p) => !p.ok) ? "degraded" : "operational";
  for (const impact of openImpacts) {
    // Announced maintenance says nothing about the state: the probes do.
    if (impact === "maintenance") continue;
    const declared: ComponentState = impact === "critical" ? "major-outage" : impact === "major" ? "partial-outage" : "degraded";
    if (SEVERITY[declared] > SEVERITY[state]) state = declared;
  }
  return state;
}
