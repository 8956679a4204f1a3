import { env } from "../env";
import { stopBackgroundJobs } from "../jobs/start-background-jobs";
import { logger } from "../logger";
import { flushBufferedWrites } from "./flush-buffered-writes";
import { stopTracing } from "../observability/start-tracing";
import { isShuttingDown, markShuttingDown } from "./shutdown-state";
import { dropConnections, endKeepAlive, installRequestTracking, requestsInFlight, stopAccepting, waitForRequests } from "./track-requests";

const SIGNALS = ["SIGTERM", "SIGINT"] as const;
type ShutdownSignal = (typeof SIGNALS)[number];
type SignalHandler = (signal: NodeJS.Signals) => void;

const store = globalThis as unknown as { __atriumShutdownHooks?: boolean };

/**
 * Graceful stop on SIGTERM / SIGINT, the same under `next start`, the standalone server.js and
 * `next dev`:
 *
 * 1. readiness (/api/health/ready) answers 503 at once, background jobs start no new run, and
 *    every answer from now on closes its connection (no keep-alive to drain);
 * 2. on SIGTERM, the server keeps taking requests for SHUTDOWN_DELAY_MS, so a load balancer that
 *    polls readiness stops sending first; then the listener closes;
 * 3. requests in flight and the background run in progress finish, bounded by
 *    SHUTDOWN_DRAIN_TIMEOUT_MS (then their connections are dropped);
 * 4. buffered writes (API-call counts, last-used times) are flushed within SHUTDOWN_TIMEOUT_MS,
 *    the PostgreSQL and Redis connections close, and the process exits 0 (1 if something was cut
 *    off or lost).
 *
 * Next's start-server.js registers its own handler before instrumentation runs; it closes the
 * listener at once, waits for requests without a bound and exits 143. Atrium takes that handler
 * over and calls it after step 2 (it also closes Next's own resources), bounds it, and turns its
 * final process.exit into steps 4. With NEXT_MANUAL_SIG_HANDLE there is no such handler and
 * Atrium closes the servers it has seen itself.
 */
export function installShutdownHooks(): void {
  if (store.__atriumShutdownHooks) return;
  store.__atriumShutdownHooks = true;
  installRequestTracking();
  for (const signal of SIGNALS) {
    const nextHandlers = process.listeners(signal) as SignalHandler[];
    for (const handler of nextHandlers) process.removeListener(signal, handler);
    // `on`, not `once`: a second signal (Ctrl-C reaches the launcher and Next alike) must not
    // fall through to Node's default, which would exit at once without flushing.
    process.on(signal, () => void shutDown(signal, nextHandlers));
  }
}

async function shutDown(signal: ShutdownSignal, nextHandlers: SignalHandler[]): Promise<void> {
  if (isShuttingDown()) return;
  markShuttingDown();
  endKeepAlive();
  const delayMs = signal === "SIGTERM" ? env.SHUTDOWN_DELAY_MS : 0;
  logger.info("shutdown: signal received; readiness answers 503", { signal, inFlight: requestsInFlight(), delayMs });
  const jobs = stopBackgroundJobs().catch((error: unknown) => logger.error("shutdown: stopping background jobs failed", { error }));
  const deadline = Date.now() + delayMs + env.SHUTDOWN_DRAIN_TIMEOUT_MS;
  const finish = finisher(jobs, deadline);
  if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));

  setTimeout(() => {
    logger.error("shutdown: requests still in flight when the drain timed out; closing their connections", {
      inFlight: requestsInFlight(),
      drainTimeoutMs: env.SHUTDOWN_DRAIN_TIMEOUT_MS,
    });
    dropConnections();
    void finish(1);
  }, env.SHUTDOWN_DRAIN_TIMEOUT_MS);

  if (nextHandlers.length) {
    // Next ends with process.exit(143 / 130) once its server has drained: that exit becomes ours.
    process.exit = ((code?: number) => void finish(code === 143 || code === 130 ? 0 : (code ?? 0))) as typeof process.exit;
    for (const handler of nextHandlers) handler(signal);
    return;
  }
  stopAccepting();
  await waitForRequests(Math.max(0, deadline - Date.now()));
  await finish(requestsInFlight() === 0 ? 0 : 1);
}

/** Steps 3 (jobs) and 4, once, whoever asks first; exits with the first caller's code unless something failed. */
function finisher(jobs: Promise<unknown>, deadline: number): (code: number) => Promise<void> {
  const exit = process.exit.bind(process);
  let finishing: Promise<void> | undefined;
  return (code) =>
    (finishing ??= (async () => {
      let status = code;
      if ((await within(jobs, deadline - Date.now())) === "timeout") {
        logger.error("shutdown: the background run did not finish in time");
        status = 1;
      }
      let lost = 0;
      const flush = flushBufferedWrites({ closePool: true }).then((unwritten) => (lost = unwritten));
      const flushed = await within(flush, env.SHUTDOWN_TIMEOUT_MS).catch((error: unknown) => {
        logger.error("shutdown: flushing buffered writes failed", { error });
        return "failed" as const;
      });
      if (flushed === "timeout") logger.error("shutdown: buffered writes not flushed in time; exiting anyway", { timeoutMs: env.SHUTDOWN_TIMEOUT_MS });
      if (flushed !== "done" || lost > 0) status = 1;
      // The last spans (this shutdown's requests) go out too; a collector that is down costs no more than the timeout.
      await within(stopTracing(), env.SHUTDOWN_TIMEOUT_MS).catch((error: unknown) => logger.warn("shutdown: exporting the last traces failed", { error }));
      logger.info("shutdown: done", { exitCode: status });
      exit(status);
    })());
}

async function within(work: Promise<unknown>, timeoutMs: number): Promise<"done" | "timeout"> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), Math.max(0, timeoutMs))));
  try {
    return await Promise.race([work.then(() => "done" as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
