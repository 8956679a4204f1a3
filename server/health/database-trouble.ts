// When the database last failed a request or a probe in this process. Kept on globalThis: Next
// bundles proxy.ts and the app separately, and both note and read it (server/db/client.ts shares
// its pool the same way). Its one import has none of its own, so server/errors.ts can note trouble
// without a cycle.
import { databaseWaitingForMs } from "../db/pool-usage";

const TROUBLE_WINDOW_MS = 10_000;
/**
 * Work waiting this long with nothing finishing is a stall (a frozen server, a half-open network):
 * nothing fails, so nothing else would notice until each request's own timeout. Well above a
 * page's slowest read, so normal load never trips it; when one long statement runs alone, the
 * cost of tripping it is one shared `select 1` a second.
 */
export const STALL_MS = 5_000;
const shared = globalThis as unknown as { __atriumDatabaseTroubleAt?: number };

/** A request or probe found the database unreachable (or too slow to answer). */
export function noteDatabaseTrouble(now = Date.now()): void {
  shared.__atriumDatabaseTroubleAt = now;
}

/** The database answered a probe: pages stop asking first. */
export function clearDatabaseTrouble(): void {
  shared.__atriumDatabaseTroubleAt = undefined;
}

/**
 * Whether the database failed within the last few seconds, or work has been waiting on it for
 * STALL_MS with none finishing: a page or call should then ask it before starting.
 */
export function hadDatabaseTroubleRecently(now = Date.now()): boolean {
  const at = shared.__atriumDatabaseTroubleAt;
  return (at !== undefined && now - at < TROUBLE_WINDOW_MS) || databaseStalled(now);
}

/**
 * Whether work has waited on the database for STALL_MS with none finishing. Calls that would only
 * join the wait (tRPC, the public API) ask the database first then; after a failure that answered
 * at once they need not (their own statements fail as fast as a probe would).
 */
export function databaseStalled(now = Date.now()): boolean {
  return databaseWaitingForMs(now) >= STALL_MS;
}
