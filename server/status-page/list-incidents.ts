import "server-only";
import { asc, desc, eq, gte, inArray, isNull, or } from "drizzle-orm";
import { getDb } from "../db/client";
import { incidents, incidentUpdates, type Incident, type IncidentUpdate } from "../db/schema";

export type IncidentWithUpdates = Incident & { updates: IncidentUpdate[] };

export type ListIncidentsOptions = {
  /** Open incidents always; resolved ones resolved in the last this many days. */
  resolvedWithinDays: number;
  /** Most incidents returned (open first, then newest). */
  limit?: number;
};

/** Open incidents and recently resolved ones, newest first, each with its updates (newest first). */
export async function listIncidents({ resolvedWithinDays, limit = 50 }: ListIncidentsOptions): Promise<IncidentWithUpdates[]> {
  const db = getDb();
  const resolvedSince = new Date(Date.now() - resolvedWithinDays * 86_400_000);
  const rows = await db
    .select()
    .from(incidents)
    .where(or(isNull(incidents.resolvedAt), gte(incidents.resolvedAt, resolvedSince)))
    .orderBy(asc(incidents.resolvedAt), desc(incidents.createdAt))
    .limit(limit);
  return withUpdates(rows);
}

/** One incident with its updates, or null. `id` must be a UUID (the caller checks). */
export async function getIncident(id: string): Promise<IncidentWithUpdates | null> {
  const rows = await getDb().select().from(incidents).where(eq(incidents.id, id));
  return (await withUpdates(rows))[0] ?? null;
}

async function withUpdates(rows: Incident[]): Promise<IncidentWithUpdates[]> {
  if (!rows.length) return [];
  const updates = await getDb()
    .select()
    .from(incidentUpdates)
    .where(inArray(incidentUpdates.incidentId, rows.map((r) => r.id)))
    .orderBy(desc(incidentUpdates.createdAt), desc(incidentUpdates.id));
  return rows.map((incident) => ({ ...incident, updates: updates.filter((u) => u.incidentId === incident.id) }));
}
