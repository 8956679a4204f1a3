import { env } from "../env";
import { AppError } from "../errors";
import { once, waitingLine } from "../rate-limit/waiting-line";

/**
 * Text searches of audit logs running at once in this process: the page's and the tRPC query's
 * listings, and each batch of a searching CSV export. One that matches little walks the whole log
 * (seconds at a million events), so without a cap a few visitors could hold every pooled
 * connection; with it, searches take turns and the rest of the portal never waits.
 *
 * A search inside a request's shared transaction (a page's, a procedure's) holds that connection
 * and waits for a second for its own: at most pool − 1 of them at once, so one connection is
 * always left to work that finishes, and waiting searches can never hold the whole pool.
 */
export function maxAuditSearches(): number {
  const wanted = Math.max(2, Math.floor(env.DATABASE_POOL_MAX / 3));
  return Math.max(1, Math.min(wanted, env.DATABASE_POOL_MAX - 1));
}

/**
 * Exports' batches hold at most this many places, so downloads (which wait their turn and hand
 * places on to each other) can never keep every listing out; with one place in all, they share it.
 */
function maxExportSearches(): number {
  return Math.max(1, maxAuditSearches() - 1);
}

export type SearchKind = "listing" | "export";

let running = 0;
let exporting = 0;

export function busySearchError(): AppError {
  return new AppError("TOO_MANY_REQUESTS", "Other audit log searches are running. Try again in a few seconds.", { retryAfterSeconds: 5, reason: "search_busy" });
}

function admit(kind: SearchKind): (() => void) | null {
  if (running >= maxAuditSearches() || (kind === "export" && exporting >= maxExportSearches())) return null;
  running += 1;
  if (kind === "export") exporting += 1;
  return once(() => {
    running -= 1;
    if (kind === "export") exporting -= 1;
    // The longest-waiting export batch gets the place if exports may hold one more.
    exportLine.wake();
  });
}

/** Export batches waiting for a place, first come first served (a listing never waits: it is refused). */
const exportLine = waitingLine(() => admit("export"));

/**
 * A place now, or the 429 (`search_busy`) a visitor retries after (a new export also queues behind
 * downloads already waiting). Call the returned function when the search ends, however it ends.
 */
export function claimSearchSlot(kind: SearchKind = "listing"): () => void {
  const release = kind === "export" ? exportLine.tryNow() : admit("listing");
  if (!release) throw busySearchError();
  return release;
}

/**
 * A place as soon as one is free, for an export's download already under way (refusing would break
 * it off): within `ms`, or the same `search_busy` error; given up at once when `signal` aborts.
 */
export function waitForSearchSlot(ms: number, signal?: AbortSignal): Promise<() => void> {
  return exportLine.wait(ms, busySearchError, signal);
}

/** Places taken (all, and by exports) and export batches waiting (tests). */
export function searchSlotsInUse(): { running: number; exporting: number; waiting: number } {
  return { running, exporting, waiting: exportLine.length };
}
