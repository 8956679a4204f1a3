// `npm run sweep`: one lifecycle sweep and email send, for deployments that prefer cron to the
// in-process timer (set SWEEP_INTERVAL_MS=0 then). Needs DATABASE_URL.
import { runDueBillingJobs } from "../server/billing/billing-jobs";
import { pruneBillingEvents } from "../server/billing/prune-billing-events";
import { runLifecycleSweep } from "../server/billing/run-lifecycle-sweep";
import { startCacheBroadcast, stopCacheBroadcast } from "../server/cache/broadcast-invalidations";
import { closeDb } from "../server/db/client";
import { sendPendingEmails } from "../server/email/send-pending-emails";

async function main() {
  // With REDIS_URL, the suspensions it makes reach the running instances' caches.
  startCacheBroadcast();
  const report = await runLifecycleSweep();
  const jobs = await runDueBillingJobs();
  await pruneBillingEvents();
  const sent = await sendPendingEmails();
  process.stdout.write(`[atrium] sweep: ${report.candidates} candidates, ${report.skipped} skipped (locked), billing jobs ${jobs.done} done / ${jobs.failed} failed, ${sent} emails sent\n`);
  for (const action of report.actions) process.stdout.write(`[atrium]   ${action}\n`);
  await stopCacheBroadcast();
  await closeDb();
}

main().catch((error: unknown) => {
  process.stderr.write(`[atrium] sweep failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
