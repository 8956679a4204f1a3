import { runDueBillingJobs } from "../billing/billing-jobs";
import { pruneBillingEvents } from "../billing/prune-billing-events";
import { runLifecycleSweep } from "../billing/run-lifecycle-sweep";
import { recheckDomains } from "../domains/domains";
import { processWorkspaceExports } from "../exports/workspace-export";
import { sendPendingEmails } from "../email/send-pending-emails";
import { pruneSessionRecords } from "../sessions/prune-sessions";
import { purgeDeletedTenants } from "../tenants/delete-tenant";
import { reportPendingOverage } from "../usage/report-overage";
import { env } from "../env";
import { logger } from "../logger";

const store = globalThis as unknown as { __atriumJobs?: NodeJS.Timeout; __atriumJobsRunning?: Promise<void> };

/** Every instance runs this; the jobs lock rows with SKIP LOCKED, so they never double up. */
export function startBackgroundJobs(): void {
  if (store.__atriumJobs || env.SWEEP_INTERVAL_MS === 0) return;
  const tick = () => {
    if (store.__atriumJobsRunning) return;
    store.__atriumJobsRunning = runJobs().finally(() => (store.__atriumJobsRunning = undefined));
  };
  const runJobs = async () => {
    try {
      const report = await runLifecycleSweep();
      if (report.actions.length) logger.info("lifecycle sweep", { actions: report.actions });
      await runDueBillingJobs();
      await pruneBillingEvents();
      await pruneSessionRecords();
      await reportPendingOverage();
      await purgeDeletedTenants();
      await recheckDomains();
      await processWorkspaceExports();
      await sendPendingEmails();
    } catch (error) {
      logger.error("background jobs failed", { error });
    }
  };
  store.__atriumJobs = setInterval(tick, env.SWEEP_INTERVAL_MS);
  store.__atriumJobs.unref();
  tick();
}

/** Shutdown: no new run starts; resolves when the run in progress (if any) has finished. */
export async function stopBackgroundJobs(): Promise<void> {
  clearInterval(store.__atriumJobs);
  store.__atriumJobs = undefined;
  await store.__atriumJobsRunning;
}
