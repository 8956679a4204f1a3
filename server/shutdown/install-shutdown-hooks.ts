import { constants } from "node:os";
import { env } from "../env";
import { logger } from "../logger";
import { flushBufferedWrites } from "./flush-buffered-writes";

const SIGNALS = ["SIGTERM", "SIGINT"] as const;
type ShutdownSignal = (typeof SIGNALS)[number];

const store = globalThis as unknown as { __atriumShutdownHooks?: boolean };

/**
 * Flushes buffered writes before the process exits on SIGTERM / SIGINT.
 *
 * `next start` handles these signals itself (start-server.js): it closes the HTTP server, waits
 * for the requests in flight, then calls `process.exit(143)` (130 for SIGINT) — without waiting
 * for anything of ours. So on the signal we hold that one exit until the flush is done (bounded
 * by SHUTDOWN_TIMEOUT_MS): the server has stopped taking work by then, so every counted call is
 * written. With NEXT_MANUAL_SIG_HANDLE set (or no other listener for the signal), nobody else
 * exits: flush, then exit with the signal's code.
 */
export function installShutdownHooks(): void {
  if (store.__atriumShutdownHooks) return;
  store.__atriumShutdownHooks = true;
  for (const signal of SIGNALS) process.once(signal, () => onSignal(signal));
}

function onSignal(signal: ShutdownSignal): void {
  logger.info("shutdown: signal received", { signal });
  // `once` has removed this listener already, so the listeners still here belong to Next.
  if (env.NEXT_MANUAL_SIG_HANDLE || process.listenerCount(signal) === 0) {
    // The server still takes requests: exit the moment the last flush finds nothing left, and
    // leave the pool open (a call counted while it closed would be lost).
    void flushWithin(env.SHUTDOWN_TIMEOUT_MS, false).finally(() => process.exit(128 + constants.signals[signal]));
    return;
  }
  let flushed: Promise<void> | undefined;
  const exit = process.exit.bind(process);
  process.exit = ((code?: number) => {
    flushed ??= flushWithin(env.SHUTDOWN_TIMEOUT_MS, true);
    void flushed.finally(() => exit(code));
  }) as typeof process.exit;
}

async function flushWithin(timeoutMs: number, closePool: boolean): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), timeoutMs);
  });
  try {
    const outcome = await Promise.race([flushBufferedWrites({ closePool }).then(() => "done" as const), timeout]);
    if (outcome === "timeout") logger.error("shutdown: buffered writes not flushed in time; exiting anyway", { timeoutMs });
  } catch (error) {
    logger.error("shutdown: flushing buffered writes failed", { error });
  } finally {
    clearTimeout(timer);
  }
}
