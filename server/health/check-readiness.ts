import { sql } from "drizzle-orm";
import { getDb } from "../db/client";
import { isShuttingDown } from "../shutdown/shutdown-state";

export type Readiness = { ready: true } | { ready: false; reason: "shutting down" | "database unavailable" };

// Readiness is asked often and by anyone (every host serves it): one database round trip per
// second at most, shared by the requests that arrive meanwhile.
const DATABASE_CHECK_MS = 1_000;
let databaseCheck: { at: number; reachable: Promise<boolean> } | undefined;

function databaseReachable(): Promise<boolean> {
  const now = Date.now();
  if (!databaseCheck || now - databaseCheck.at >= DATABASE_CHECK_MS) {
    databaseCheck = { at: now, reachable: getDb().execute(sql`select 1`).then(() => true, () => false) };
  }
  return databaseCheck.reachable;
}

/** Whether a load balancer should send this instance requests: not while it stops, not without its database. */
export async function checkReadiness(): Promise<Readiness> {
  if (isShuttingDown()) return { ready: false, reason: "shutting down" };
  if (!(await databaseReachable())) return { ready: false, reason: "database unavailable" };
  // A signal may have arrived while the query ran.
  return isShuttingDown() ? { ready: false, reason: "shutting down" } : { ready: true };
}
