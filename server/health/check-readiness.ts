import { sql } from "drizzle-orm";
import { getDb } from "../db/client";
import { isShuttingDown } from "../shutdown/shutdown-state";

export type Readiness = { ready: true } | { ready: false; reason: "shutting down" | "database unavailable" };

/** Whether a load balancer should send this instance requests: not while it stops, not without its database. */
export async function checkReadiness(): Promise<Readiness> {
  if (isShuttingDown()) return { ready: false, reason: "shutting down" };
  try {
    await getDb().execute(sql`select 1`);
  } catch {
    return { ready: false, reason: "database unavailable" };
  }
  // A signal may have arrived while the query ran.
  return isShuttingDown() ? { ready: false, reason: "shutting down" } : { ready: true };
}
