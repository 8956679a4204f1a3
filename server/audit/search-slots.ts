import { env } from "../env";
import { AppError } from "../errors";

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
/** Export batches waiting for a place, first come first served (a listing never waits: it is refused). */
const waiting: ((release: () => void) => void)[] = [];

export function busySearchError(): AppError {
  return new AppError("TOO_MANY_REQUESTS", "Other audit log searches are running. Try again in a few seconds.", { retryAfterSeconds: 5, reason: "search_busy" });
}

function hasRoom(kind: SearchKind): boolean {
  return running < maxAuditSearches() && (kind === "listing" || exporting < maxExportSearches());
}

function take(kind: SearchKind): () => void {
  running += 1;
  if (kind === "export") exporting += 1;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    running -= 1;
    if (kind === "export") exporting -= 1;
    // The longest-waiting export batch gets the place if exports may hold one more.
    while (waiting.length && hasRoom("export")) waiting.shift()!(take("export"));
  };
}

/**
 * A place now, or the 429 (`search_busy`) a visitor retries after (a new export also queues behind
 * downloads already waiting). Call the returned function when the search ends, however it ends.
 */
export function claimSearchSlot(kind: SearchKind = "listing"): () => void {
  if (!hasRoom(kind) || (kind === "export" && waiting.length)) throw busySearchError();
  return take(kind);
}

/**
 * A place as soon as one is free, for an export's download already under way (refusing would break
 * it off): within `ms`, or the same `search_busy` error; given up at once when `signal` aborts.
 */
export function waitForSearchSlot(ms: number, signal?: AbortSignal): Promise<() => void> {
  if (signal?.aborted) return Promise.reject(busySearchError());
  if (!waiting.length && hasRoom("export")) return Promise.resolve(take("export"));
  return new Promise((resolve, reject) => {
    const leave = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", leave);
      const at = waiting.indexOf(granted);
      if (at >= 0) waiting.splice(at, 1);
      reject(busySearchError());
    };
    const granted = (release: () => void) => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", leave);
      resolve(release);
    };
    const timer = setTimeout(leave, ms);
    timer.unref?.();
    signal?.addEventListener("abort", leave, { once: true });
    waiting.push(granted);
  });
}

/** Places taken (all, and by exports) and export batches waiting (tests). */
export function searchSlotsInUse(): { running: number; exporting: number; waiting: number } {
  return { running, exporting, waiting: waiting.length };
}
