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

let running = 0;
/** Export batches waiting for a place, first come first served (a listing never waits: it is refused). */
const waiting: ((release: () => void) => void)[] = [];

export function busySearchError(): AppError {
  return new AppError("TOO_MANY_REQUESTS", "Other audit log searches are running. Try again in a few seconds.", { retryAfterSeconds: 5, reason: "search_busy" });
}

/** A place's release: handed straight to the longest waiter, if any, so a steady stream of listings cannot starve an export. */
function releaser(): () => void {
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const next = waiting.shift();
    if (next) next(releaser());
    else running -= 1;
  };
}

/** A place now, or the 429 (`search_busy`) a visitor retries after. Call the returned function when the search ends, however it ends. */
export function claimSearchSlot(): () => void {
  if (running >= maxAuditSearches()) throw busySearchError();
  running += 1;
  return releaser();
}

/**
 * A place as soon as one is free, for a download already under way (refusing would break it
 * off): within `ms`, or the same `search_busy` error.
 */
export function waitForSearchSlot(ms: number): Promise<() => void> {
  if (running < maxAuditSearches() && !waiting.length) return Promise.resolve(claimSearchSlot());
  return new Promise((resolve, reject) => {
    const take = (release: () => void) => {
      clearTimeout(timer);
      resolve(release);
    };
    const timer = setTimeout(() => {
      const at = waiting.indexOf(take);
      if (at >= 0) waiting.splice(at, 1);
      reject(busySearchError());
    }, ms);
    timer.unref?.();
    waiting.push(take);
  });
}

/** Places taken and batches waiting (tests). */
export function searchSlotsInUse(): { running: number; waiting: number } {
  return { running, waiting: waiting.length };
}
