import "server-only";
import { and, gte, isNull, sql } from "drizzle-orm";
import { createCache } from "../cache/cache";
import { getDb } from "../db/client";
import { incidents, probeResults } from "../db/schema";
import { STATUS_COMPONENTS, isStatusComponent, type IncidentImpact, type StatusComponent } from "../../lib/status-page/catalog";
import {
  componentState,
  CURRENT_WINDOW_MINUTES,
  overallUptime,
  UPTIME_DAYS,
  uptimeBars,
  utcDay,
  type ComponentState,
  type DailyProbeCount,
  type UptimeBar,
} from "../../lib/status-page/uptime";
import { listIncidents, type IncidentWithUpdates } from "./list-incidents";

export type ComponentOverview = { component: StatusComponent; state: ComponentState; lastCheckedAt: Date | null; uptime: number | null; bars: UptimeBar[] };

export type StatusOverview = { generatedAt: Date; components: ComponentOverview[]; incidents: IncidentWithUpdates[] };

/** Resolved incidents stay on the page this long. */
export const RECENT_INCIDENT_DAYS = 14;

// The daily counts scan up to 90 days of minutes (about 520,000 rows for four components): kept a
// minute per process, so a busy status page costs one scan a minute. Current state and incidents
// are read fresh on every request (small indexed reads), so an incident shows at once.
const dailyCache = createCache<{ counts: DailyProbeCount[] }>({ name: "status-daily-counts", max: 4, ttlMs: 60_000, shared: false });

async function dailyCounts(today: Date): Promise<DailyProbeCount[]> {
  const since = new Date(Date.parse(`${utcDay(today)}T00:00:00.000Z`) - (UPTIME_DAYS - 1) * 86_400_000);
  const key = utcDay(today);
  const { counts } = await dailyCache.getOrLoad(key, async () => {
    const rows = await getDb()
      .select({
        component: probeResults.component,
        day: sql<string>`to_char(${probeResults.minute} at time zone 'UTC', 'YYYY-MM-DD')`,
        okMinutes: sql<number>`count(*) filter (where ${probeResults.ok})::int`,
        totalMinutes: sql<number>`count(*)::int`,
      })
      .from(probeResults)
      .where(gte(probeResults.minute, since))
      .groupBy(probeResults.component, sql`2`);
    return { counts: rows.filter((r): r is DailyProbeCount => isStatusComponent(r.component)) };
  });
  return counts;
}

/** Everything the public status page shows, as of `now`. */
export async function getStatusOverview(now = new Date()): Promise<StatusOverview> {
  const windowStart = new Date(now.getTime() - CURRENT_WINDOW_MINUTES * 60_000);
  const [counts, recent, open, shown] = await Promise.all([
    dailyCounts(now),
    getDb().select({ component: probeResults.component, minute: probeResults.minute, ok: probeResults.ok }).from(probeResults).where(gte(probeResults.minute, windowStart)),
    getDb().select({ impact: incidents.impact, components: incidents.components }).from(incidents).where(and(isNull(incidents.resolvedAt))),
    listIncidents({ resolvedWithinDays: RECENT_INCIDENT_DAYS }),
  ]);
  const components = STATUS_COMPONENTS.map((component) => {
    const mine = recent.filter((r) => r.component === component);
    const impacts = open.filter((i) => i.components.includes(component)).map((i) => i.impact as IncidentImpact);
    const bars = uptimeBars(counts, component, now);
    const lastCheckedAt = mine.reduce<Date | null>((latest, r) => (!latest || r.minute > latest ? r.minute : latest), null);
    return { component, state: componentState(mine, now, impacts), lastCheckedAt, uptime: overallUptime(bars), bars };
  });
  return { generatedAt: now, components, incidents: shown };
}
