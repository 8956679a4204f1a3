import { installBodyDeadline } from "./server/api/body-deadline";
import { startCacheBroadcast } from "./server/cache/broadcast-invalidations";
import { getClient } from "./server/db/client";
import { describeRoleProblems, findRuntimeRoleProblems } from "./server/db/safety";
import { installHttpGate } from "./server/http/http-gate";
import { startBackgroundJobs } from "./server/jobs/start-background-jobs";
import { installConsoleRedaction } from "./server/logger";
import { installShutdownHooks } from "./server/shutdown/install-shutdown-hooks";

/**
 * Filter what Next prints through console (no statement parameters or secrets), refuse to serve if the runtime database role could bypass row-level security (covers
 * `next start` with an external DATABASE_URL too), then start the background job workers (in this process unless JOBS_IN_PROCESS=false), and flush
 * buffered writes on SIGTERM / SIGINT before the process exits.
 */
export async function registerNode(): Promise<void> {
  installConsoleRedaction();
  // First: the socket address for per-IP limits, and 405 for methods Next.js cannot take.
  installHttpGate();
  // Before any request: `next start` waits for whole bodies before handlers run (body-deadline.ts).
  installBodyDeadline();
  if (!process.env.DATABASE_URL) return;
  const problems = await findRuntimeRoleProblems(getClient().sql);
  if (problems.length) {
    process.stderr.write(describeRoleProblems(problems) + "\n");
    process.exit(1);
  }
  installShutdownHooks();
  // With REDIS_URL: cache invalidations reach every instance (and the worker's reach this one).
  startCacheBroadcast();
  startBackgroundJobs();
}
