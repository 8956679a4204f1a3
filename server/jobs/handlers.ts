import "server-only";
import { pruneOneTimeTokens } from "../auth/prune-one-time-tokens";
import { runDueBillingJobs } from "../billing/billing-jobs";
import { pruneBillingEvents } from "../billing/prune-billing-events";
import { runLifecycleSweep, type SweepReport } from "../billing/run-lifecycle-sweep";
import { recheckDomains } from "../domains/domains";
import { recheckSsoDomains } from "../sso/sso-domains";
import { refreshOperatorWorkspaceStats } from "../db/cross-tenant";
import { deliverPendingEmails } from "../email/send-pending-emails";
import { pruneSentEmails } from "../email/prune-sent-emails";
import { pruneExpiredExports, restartStalledExports, runWorkspaceExport } from "../exports/workspace-export";
import { runInsightReport } from "../insights/insight-reports";
import { analyseAllWorkspaces } from "../insights/nightly-insights";
import { sendInsightDigests } from "../insights/digest/send-insight-digests";
import { EVENT_CONSUMERS } from "../events/consumers";
import { pruneEvents } from "../events/prune-events";
import { relayEvents } from "../events/relay";
import { logger } from "../logger";
import { pruneRateLimitBuckets } from "../rate-limit/prune-rate-limit-buckets";
import { pruneSessionRecords } from "../sessions/prune-sessions";
import { purgeDeletedTenants } from "../tenants/delete-tenant";
import { runProber } from "../status-page/run-prober";
import { reportOverage } from "../usage/report-overage";
import { deliverWebhooks } from "../webhooks/deliver-webhooks";
import { enqueueJob } from "./enqueue-job";
import type { JobHandler, JobKind } from "./job-runner";
import { QUEUES, type QueueName } from "./queues";

/** Part of the work failed: the job fails (and is retried, and shown to operators) after doing the rest. */
export class PartialJobFailure extends Error {
  override name = "PartialJobFailure";
}

function sweepResult(report: SweepReport, what: string): Record<string, unknown> {
  if (report.actions.length) logger.info(what, { actions: report.actions });
  if (report.failed) throw new PartialJobFailure(`${what}: ${report.failed} of ${report.candidates} workspaces failed (see the log)`);
  return { candidates: report.candidates, skipped: report.skipped, actions: report.actions.length };
}

function uuidOrNull(value: unknown): string | null {
  return typeof value === "string" && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value) ? value : null;
}

// Every handler may run more than once for the same work (a retry, a worker that died, two
// schedules close together): each one claims its rows or checks state before it acts.
export const HANDLERS: Record<QueueName, JobHandler> = {
  "lifecycle-sweep": async () => sweepResult(await runLifecycleSweep({ steps: ["trials", "grace"] }), "lifecycle sweep"),
  "local-renewals": async () => sweepResult(await runLifecycleSweep({ steps: ["renewals"] }), "local renewals"),
  "billing-jobs": async () => {
    const counts = await runDueBillingJobs();
    if (counts.failed) throw new PartialJobFailure(`${counts.failed} billing job(s) failed and will be retried (billing_jobs.last_error); ${counts.done} done`);
    return counts;
  },
  "email-send": async () => {
    const delivery = await deliverPendingEmails();
    // A backlog longer than one run (an incident mailed to every subscriber) continues at once
    // rather than at the next minute's schedule.
    if (delivery.more) await enqueueJob("email-send", {}, { singletonKey: "backlog" });
    if (delivery.failed) throw new PartialJobFailure(`${delivery.failed} email(s) could not be sent (${delivery.sent} sent): ${delivery.errors[0]}`);
    return { sent: delivery.sent };
  },
  "export-build": async ({ data }) => {
    const tenantId = uuidOrNull(data.tenantId);
    const exportId = uuidOrNull(data.exportId);
    if (tenantId && exportId) return { built: await runWorkspaceExport({ tenantId, exportId }) };
    return { restarted: await restartStalledExports() };
  },
  "domain-recheck": async () => ({ checked: await recheckDomains(), ssoChecked: await recheckSsoDomains() }),
  "usage-overage": async () => {
    const report = await reportOverage();
    if (report.failed) throw new PartialJobFailure(`${report.failed} overage report(s) failed (${report.reported} reported): ${report.errors[0]}`);
    return { reported: report.reported };
  },
  "tenant-purge": async () => ({ purged: await purgeDeletedTenants() }),
  "prune-rate-limits": async () => ({ deleted: await pruneRateLimitBuckets() }),
  "prune-emails": async () => ({ deleted: await pruneSentEmails() }),
  "prune-billing-events": async () => ({ deleted: await pruneBillingEvents() }),
  "prune-auth-tokens": async () => await pruneOneTimeTokens(),
  "prune-sessions": async () => ({ deleted: await pruneSessionRecords() }),
  "prune-exports": async () => ({ deleted: await pruneExpiredExports() }),
  // A failing check is a result (recorded), not a failed job; a retry would probe a later minute anyway.
  "status-prober": async () => {
    const report = await runProber();
    return { minute: report.minute.toISOString(), recorded: report.recorded, failed: report.failed, skipped: report.skipped, pruned: report.pruned };
  },
  "event-relay": async () => {
    const report = await relayEvents(EVENT_CONSUMERS);
    if (report.failed.length) throw new PartialJobFailure(`event consumer(s) failed: ${report.failed.join(", ")} (see the log); the others relayed ${JSON.stringify(report.handed)}`);
    return report.handed;
  },
  "prune-events": async () => ({ deleted: await pruneEvents() }),
  // Failed attempts are results with their own retry schedule (retry-schedule.ts), not job failures.
  "webhook-deliveries": async () => {
    const report = await deliverWebhooks();
    // A backlog longer than one run continues at once rather than at the next minute.
    if (report.more) await enqueueJob("webhook-deliveries", {}, { singletonKey: "backlog" });
    return report;
  },
  insights: async ({ data }) => {
    const tenantId = uuidOrNull(data.tenantId);
    const reportId = uuidOrNull(data.reportId);
    return { analysed: tenantId && reportId ? await runInsightReport({ tenantId, reportId }) : false };
  },
  "insights-nightly": async () => await analyseAllWorkspaces(),
  // A retry sends only what failed: each digest is keyed per workspace, week and owner.
  "insights-digest": async () => {
    const run = await sendInsightDigests();
    if (run.failed) throw new PartialJobFailure(`insights digest: ${run.failed} of ${run.workspaces} workspaces failed (see the log)`);
    return run;
  },
  // The database refreshes only for this claimed job (drizzle/0032), so it presents the job's id.
  "operator-stats": async ({ id }) => ({ refreshed: await refreshOperatorWorkspaceStats({ jobId: id }) }),
};

/** Every queue of queues.ts with its handler: what a worker runs. */
export function allJobKinds(): JobKind[] {
  return (Object.keys(QUEUES) as QueueName[]).map((queue) => ({ queue, handler: HANDLERS[queue], concurrency: QUEUES[queue].concurrency, cron: QUEUES[queue].cron }));
}
