// When the database last failed a request or a probe in this process. Kept on globalThis: Next
// bundles proxy.ts and the app separately, and both note and read it (server/db/client.ts shares
// its pool the same way). No imports, so server/errors.ts can note trouble without a cycle.

const TROUBLE_WINDOW_MS = 10_000;
const shared = globalThis as unknown as { __atriumDatabaseTroubleAt?: number };

/** A request or probe found the database unreachable (or too slow to answer). */
export function noteDatabaseTrouble(now = Date.now()): void {
  shared.__atriumDatabaseTroubleAt = now;
}

/** The database answered a probe: pages stop asking first. */
export function clearDatabaseTrouble(): void {
  shared.__atriumDatabaseTroubleAt = undefined;
}

/** Whether the database failed within the last few seconds, so a page should ask it before rendering. */
export function hadDatabaseTroubleRecently(now = Date.now()): boolean {
  const at = shared.__atriumDatabaseTroubleAt;
  return at !== undefined && now - at < TROUBLE_WINDOW_MS;
}
