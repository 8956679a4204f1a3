import type { Incident, Interval } from "../../lib/sla";

export type PlatformSignals = { downMinutes: number[]; maintenance: Interval[]; incidents: Incident[] };

/** What the platform itself contributes to every workspace's SLA in a period (the prober and the status page). */
export async function readPlatformSignals(period: Interval): Promise<PlatformSignals> {
  void period;
  return { downMinutes: [], maintenance: [], incidents: [] };
}
