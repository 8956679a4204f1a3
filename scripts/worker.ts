// `npm run worker`: runs the background job queues in their own process (set JOBS_IN_PROCESS=false
// on the web instances so they only enqueue). Needs DATABASE_URL (the runtime role). Stops on
// SIGTERM / SIGINT: no new jobs are fetched, running ones finish (up to JOBS_STOP_TIMEOUT_MS),
// then it exits 0. `npm run worker -- --once` does one pass instead (due schedules, then queued
// jobs for JOBS_CRON_BUDGET_MS), for a system crontab.
import { keepRunningWhenOutputCloses } from "../server/observability/closed-output";
import { assertSafeRuntimeRole } from "./lib/database";

function log(message: string) {
  process.stdout.write(`[atrium] ${message}\n`);
}

async function main() {
  keepRunningWhenOutputCloses();
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: point it at the runtime role (see README, 'Background jobs').");
  const { assertValidEnvironment } = await import("../server/env");
  assertValidEnvironment({ processName: "worker" });
  await assertSafeRuntimeRole(url);
  const { startWorkers, stopBackgroundJobs } = await import("../server/jobs/start-background-jobs");
  const { closeDb, getClient } = await import("../server/db/client");
  // Like the web instances: never work on a schema older than this code (`npm run db:migrate` first).
  const { assertSchemaCurrent } = await import("../server/db/schema-version");
  await assertSchemaCurrent(getClient().sql, "worker");
  // Jobs suspend workspaces, change plans and end sessions: other instances hear of it over Redis.
  const { startCacheBroadcast, stopCacheBroadcast } = await import("../server/cache/broadcast-invalidations");
  startCacheBroadcast();
  if (process.argv.includes("--once")) {
    const { runDueJobs } = await import("../server/jobs/run-due-jobs");
    const { env } = await import("../server/env");
    const summary = await runDueJobs({ budgetMs: env.JOBS_CRON_BUDGET_MS });
    log(`one pass: ${JSON.stringify(summary)}`);
    await stopBackgroundJobs();
    await stopCacheBroadcast();
    await closeDb();
    process.exit(Object.keys(summary.failed).length ? 1 : 0);
  }
  await startWorkers();
  log("worker running; SIGTERM or Ctrl-C stops it after the running jobs");

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      log(`${signal} again: exiting now`);
      process.exit(1);
    }
    stopping = true;
    log(`${signal}: finishing running jobs`);
    void stopBackgroundJobs()
      .then(() => stopCacheBroadcast())
      .then(() => closeDb())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          process.stderr.write(`[atrium] worker stop failed: ${error instanceof Error ? error.message : String(error)}\n`);
          process.exit(1);
        },
      );
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`[atrium] worker failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
