import { and, gt, isNull, lt, or } from "drizzle-orm";
import type { Incident, Interval } from "../../lib/sla";
import { getDb } from "../db/client";
import { incidents } from "../db/schema";
import { listPlatformDownMinutes } from "../status-page/list-platform-down-minutes";

export type PlatformSignals = { downMinutes: number[]; maintenance: Interval[]; incidents: Incident[] };

/**
 * What the platform itself contributes to every workspace's SLA in a period (the prober and the
 * status page): the minutes the prober found a component down, and the status page's incidents
 * that overlap the period (an open one runs to the period's end); those opened as maintenance are
 * the maintenance windows instead.
 */
export async function readPlatformSignals(period: Interval): Promise<PlatformSignals> {
  const from = new Date(period.start);
  const to = new Date(Math.max(period.start, period.end));
  const [downMinutes, overlapping] = await Promise.all([
    listPlatformDownMinutes({ from, to }),
    getDb()
      .select({ title: incidents.title, impact: incidents.impact, createdAt: incidents.createdAt, resolvedAt: incidents.resolvedAt })
      .from(incidents)
      .where(and(lt(incidents.createdAt, to), or(isNull(incidents.resolvedAt), gt(incidents.resolvedAt, from))))
      .orderBy(incidents.createdAt),
  ]);
  const spans = overlapping.map((i) => ({ title: i.title, maintenance: i.impact === "maintenance", start: Math.max(i.createdAt.getTime(), period.start), end: Math.min(i.resolvedAt?.getTime() ?? period.end, period.end) }));
  return {
    downMinutes,
    // Announced maintenance (an incident opened with that impact) is a window the SLA leaves out.
    maintenance: spans.filter((s) => s.maintenance).map(({ start, end }) => ({ start, end })),
    incidents: spans.filter((s) => !s.maintenance).map(({ title, start, end }) => ({ title, start, end })),
  };
}
