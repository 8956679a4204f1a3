import { installBodyDeadline } from "./server/api/body-deadline";
import { startCacheBroadcast } from "./server/cache/broadcast-invalidations";
import { getClient } from "./server/db/client";
import { describeRoleProblems, findRuntimeRoleProblems } from "./server/db/safety";
import { assertSchemaCurrent } from "./server/db/schema-version";
import { assertValidEnvironment } from "./server/env";
import { installHttpGate } from "./server/http/http-gate";
import { startBackgroundJobs } from "./server/jobs/start-background-jobs";
import { installConsoleRedaction } from "./server/logger";
import { keepRunningWhenOutputCloses } from "./server/observability/closed-output";
import { startTracing } from "./server/observability/start-tracing";
import { installShutdownHooks } from "./server/shutdown/install-shutdown-hooks";

/**
 * Filter what Next prints through console (no statement parameters or secrets), refuse to serve
 * with an invalid environment (one report of every problem), a runtime database role that could
 * bypass row-level security, or a schema older than this build (covers the standalone server and
 * `next start` with an external DATABASE_URL too); then take over graceful shutdown and start
 * the background job workers (in this process unless JOBS_IN_PROCESS=false). With
 * OTEL_EXPORTER_OTLP_ENDPOINT set, traces are exported too (server/observability/start-tracing.ts).
 */
export async function registerNode(): Promise<void> {
  installConsoleRedaction();
  keepRunningWhenOutputCloses();
  assertValidEnvironment();
  // First: the socket address for per-IP limits, and 405 for methods Next.js cannot take.
  installHttpGate();
  // Before any request: `next start` waits for whole bodies before handlers run (body-deadline.ts).
  installBodyDeadline();
  // Before the first request and the database pool (which adds SQL spans only when tracing is on).
  await startTracing();
  if (!process.env.DATABASE_URL) return;
  const { sql } = getClient();
  const problems = await findRuntimeRoleProblems(sql);
  if (problems.length) {
    process.stderr.write(describeRoleProblems(problems) + "\n");
    process.exit(1);
  }
  await assertSchemaCurrent(sql);
  installShutdownHooks();
  // With REDIS_URL: cache invalidations reach every instance (and the worker's reach this one).
  startCacheBroadcast();
  startBackgroundJobs();
}
