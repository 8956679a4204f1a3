import "server-only";
import { and, eq, gte, lt, sql } from "drizzle-orm";
import { getDb } from "../db/client";
import { probeResults } from "../db/schema";

export type PlatformDownMinutesOptions = { from: Date; to: Date };

/**
 * Minutes (their start, in ms) in [from, to) in which the prober found at least one critical
 * component down: what the SLA counts as a bad minute for every workspace (lib/sla.ts,
 * `platformDownMinutes`). A minute without results is not a down minute.
 */
export async function listPlatformDownMinutes({ from, to }: PlatformDownMinutesOptions): Promise<number[]> {
  const rows = await getDb()
    .selectDistinct({ minute: probeResults.minute })
    .from(probeResults)
    .where(and(eq(probeResults.ok, false), gte(probeResults.minute, from), lt(probeResults.minute, to)))
    .orderBy(sql`1`);
  return rows.map((r) => r.minute.getTime());
}
