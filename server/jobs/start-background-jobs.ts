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

const store = globalThis as unknown as { __atriumJobs?: NodeJS.Timeout };

/** Every instance runs this; the jobs lock rows with SKIP LOCKED, so they never double up. */
export function startBackgroundJobs(): void {
  if (store.__atriumJobs || env.SWEEP_INTERVAL_MS === 0) return;
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
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
    } finally {
      running = false;
    }
  };
  store.__atriumJobs = setInterval(() => void tick(), env.SWEEP_INTERVAL_MS);
  store.__atriumJobs.unref();
  void tick();
}
