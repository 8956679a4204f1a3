// `npm run sweep`: one lifecycle sweep and email send, for deployments that prefer cron to the
// in-process timer (set SWEEP_INTERVAL_MS=0 then). Needs DATABASE_URL.
import { runLifecycleSweep } from "../server/billing/run-lifecycle-sweep";
import { closeDb } from "../server/db/client";
import { sendPendingEmails } from "../server/email/send-pending-emails";

async function main() {
  const report = await runLifecycleSweep();
  const sent = await sendPendingEmails();
  process.stdout.write(`[atrium] sweep: ${report.candidates} candidates, ${report.skipped} skipped (locked), ${sent} emails sent\n`);
  for (const action of report.actions) process.stdout.write(`[atrium]   ${action}\n`);
  await closeDb();
}

main().catch((error: unknown) => {
  process.stderr.write(`[atrium] sweep failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
