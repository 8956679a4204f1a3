import { sql } from "drizzle-orm";
import type { RequestSurface } from "../db/schema";
import { withTenant } from "../db/with-tenant";
import { env } from "../env";
import { logger } from "../logger";
import { LATENCY_BOUNDS_MS } from "../../lib/sla";
import { outsideRequestContext } from "../observability/request-context";

// `latency_buckets[i]` counts requests at or under LATENCY_BOUNDS_MS[i] (lib/sla.ts); one more
// bucket holds everything slower. The bounds are fixed, so minutes add up.
export { LATENCY_BOUNDS_MS };
const BUCKETS = LATENCY_BOUNDS_MS.length + 1;

// Requests are counted in memory per workspace, surface and minute, and added to
// workspace_request_minutes every FLUSH_MS (as API calls are: server/usage/api-call-counter.ts),
// so recording costs a map update per request and no query. A crash loses at most one interval;
// a shutdown loses none (server/shutdown/flush-buffered-writes.ts).
const FLUSH_MS = 5_000;
type Cell = { tenantId: string; surface: RequestSurface; minute: number; requests: number; serverErrors: number; buckets: number[] };
type Store = { pending: Map<string, Cell>; timer?: NodeJS.Timeout; flushing?: Promise<number> };
const holder = globalThis as unknown as { __atriumRequestMinutes?: Store };
const store: Store = (holder.__atriumRequestMinutes ??= { pending: new Map<string, Cell>() });

function bucketOf(durationMs: number): number {
  for (let i = 0; i < LATENCY_BOUNDS_MS.length; i++) if (durationMs <= LATENCY_BOUNDS_MS[i]!) return i;
  return LATENCY_BOUNDS_MS.length;
}

/** Counts one answered request of a workspace (status and how long it took). */
export function recordWorkspaceRequest(tenantId: string, surface: RequestSurface, status: number, durationMs: number, now = Date.now()): void {
  if (!env.SLA_RECORDING) return;
  const minute = now - (now % 60_000);
  const key = `${tenantId}|${surface}|${minute}`;
  let cell = store.pending.get(key);
  if (!cell) {
    cell = { tenantId, surface, minute, requests: 0, serverErrors: 0, buckets: new Array<number>(BUCKETS).fill(0) };
    store.pending.set(key, cell);
  }
  cell.requests++;
  if (status >= 500) cell.serverErrors++;
  cell.buckets[bucketOf(durationMs)]!++;
  if (!store.timer) {
    // Outside the request that happens to start it: its logs are nobody's request.
    store.timer = outsideRequestContext(() => setInterval(() => void flushRequestMinutes(), FLUSH_MS));
    store.timer.unref();
  }
}

/** Writes what has been counted so far (flushes run one after another); returns the requests left unwritten. */
export function flushRequestMinutes(): Promise<number> {
  const flushing = (store.flushing ?? Promise.resolve(0)).catch(() => 0).then(writePending);
  store.flushing = flushing;
  return flushing;
}

async function writePending(): Promise<number> {
  const cells = [...store.pending.values()];
  store.pending.clear();
  let failed = 0;
  for (const cell of cells) {
    try {
      await withTenant(cell.tenantId, (tx) =>
        tx.execute(sql`
          insert into workspace_request_minutes (tenant_id, surface, minute, requests, server_errors, latency_buckets)
          values (${cell.tenantId}::uuid, ${cell.surface}, to_timestamp(${cell.minute / 1000}), ${cell.requests}, ${cell.serverErrors}, ${`{${cell.buckets.join(",")}}`}::int[])
          on conflict (tenant_id, surface, minute) do update set
            requests = workspace_request_minutes.requests + excluded.requests,
            server_errors = workspace_request_minutes.server_errors + excluded.server_errors,
            latency_buckets = array(
              select a + b from unnest(workspace_request_minutes.latency_buckets, excluded.latency_buckets) with ordinality as t(a, b, i) order by i
            )`),
      );
    } catch (error) {
      // Put the minute back for the next flush rather than lose it (a deleted workspace is dropped).
      const gone = (error as { code?: string }).code === "23503";
      if (!gone) {
        const key = `${cell.tenantId}|${cell.surface}|${cell.minute}`;
        const again = store.pending.get(key);
        if (again) {
          again.requests += cell.requests;
          again.serverErrors += cell.serverErrors;
          cell.buckets.forEach((n, i) => (again.buckets[i]! += n));
        } else store.pending.set(key, cell);
        failed += cell.requests;
      }
      logger.warn("could not flush request minutes", { tenantId: cell.tenantId, error });
    }
  }
  return failed;
}

/** Stops the timer and writes everything pending (shutdown, tests); returns the requests left unwritten. */
export async function stopRequestMinutes(): Promise<number> {
  if (store.timer) clearInterval(store.timer);
  store.timer = undefined;
  let failed = await flushRequestMinutes();
  while (failed === 0 && store.pending.size > 0) failed = await flushRequestMinutes();
  if (store.timer) clearInterval(store.timer);
  store.timer = undefined;
  return [...store.pending.values()].reduce((sum, c) => sum + c.requests, 0);
}
