// The job queues: one per kind of background work, with its retry policy and its schedule. Plain
// data (no imports), because the migration step reads it to create the queues (as the owner role)
// and the app reads it to run them. Handlers live in handlers.ts.
//
// Every queue uses pg-boss's `short` policy: at most one job waits per queue (and singleton key),
// so a burst of "an email was queued" kicks, or several instances enqueueing the same tick, become
// one run. A job that is already running does not block the next one from waiting.

export type QueueDefinition = {
  /** What the queue does, for operators (the Jobs page). */
  description: string;
  /** Five-field cron expression (UTC), or null for a queue that only runs what is enqueued. */
  cron: string | null;
  /** Attempts after the first failure; then the job is `failed` and shown to operators. */
  retryLimit: number;
  /** Seconds before the first retry; doubles (with jitter) for each further one. */
  retryDelaySeconds: number;
  /** A running job not finished after this long is failed (and retried) by maintenance. */
  expireInSeconds: number;
  /** Jobs of this queue one process runs at the same time. */
  concurrency: number;
};

const standard = { retryLimit: 5, retryDelaySeconds: 30, expireInSeconds: 15 * 60, concurrency: 1 } as const;

export const QUEUES = {
  "lifecycle-sweep": { ...standard, cron: "* * * * *", description: "Trial reminders (3 and 1 days before) and expiry, past-due grace period ending in suspension." },
  "local-renewals": { ...standard, cron: "* * * * *", description: "Renewals of the offline (local) billing provider at each period end." },
  "billing-jobs": { ...standard, cron: "* * * * *", description: "Provider calls queued by billing changes (end subscriptions, expire checkouts, cancel duplicates)." },
  "email-send": { ...standard, cron: "* * * * *", description: "Sends queued email over SMTP (enqueued whenever an email is queued; the schedule is the safety net)." },
  "export-build": { ...standard, cron: "* * * * *", expireInSeconds: 30 * 60, concurrency: 2, description: "Builds a requested workspace export; the schedule restarts exports nobody finished." },
  "domain-recheck": { ...standard, cron: "*/10 * * * *", expireInSeconds: 10 * 60, description: "Re-checks the DNS of verified custom domains and SSO email domains every DOMAIN_RECHECK_HOURS." },
  "usage-overage": { ...standard, cron: "*/5 * * * *", description: "Reports usage beyond soft limits to Stripe meters." },
  "tenant-purge": { ...standard, cron: "17 * * * *", expireInSeconds: 30 * 60, description: "Removes deleted workspaces (data and files) after WORKSPACE_RETENTION_DAYS." },
  "prune-rate-limits": { ...standard, cron: "*/10 * * * *", description: "Deletes rate-limit buckets that no longer hold back anyone." },
  "prune-emails": { ...standard, cron: "23 * * * *", description: "Deletes sent email older than EMAIL_RETENTION_DAYS." },
  "prune-billing-events": { ...standard, cron: "41 3 * * *", description: "Forgets processed Stripe webhook event ids after 30 days." },
  "prune-auth-tokens": { ...standard, cron: "31 * * * *", description: "Deletes expired one-time tokens and sign-in hand-offs." },
  "prune-sessions": { ...standard, cron: "11 4 * * *", description: "Deletes ended or long-idle session records (keeping each person's newest)." },
  "prune-exports": { ...standard, cron: "47 * * * *", description: "Deletes expired workspace exports and their files." },
  "status-prober": { ...standard, cron: "* * * * *", retryLimit: 0, expireInSeconds: 2 * 60, description: "Checks the critical paths (dashboard, API, sign-in, billing) and records their availability for the status page; prunes results after PROBE_RETENTION_DAYS." },
  "event-relay": { ...standard, cron: "* * * * *", expireInSeconds: 5 * 60, description: "Hands new domain events to their consumers (webhook deliveries, notifications, NATS); enqueued after each event, the schedule is the safety net." },
  "prune-events": { ...standard, cron: "53 4 * * *", expireInSeconds: 30 * 60, description: "Deletes domain events, finished webhook deliveries and notifications older than EVENT_RETENTION_DAYS." },
  "webhook-deliveries": { ...standard, cron: "* * * * *", expireInSeconds: 10 * 60, description: "Sends due outgoing webhook deliveries (signed, one in flight per endpoint) and schedules retries; enqueued after each new delivery, the schedule picks up retries." },
  insights: { ...standard, retryLimit: 2, concurrency: 2, cron: null, description: "Runs a workspace analysis someone asked for with \"Analyse now\" (Insights)." },
  "insights-nightly": { ...standard, retryLimit: 1, cron: "17 2 * * *", expireInSeconds: 60 * 60, description: "Recomputes every workspace's insights, the longest waiting first, within 45 minutes." },
  "insights-digest": { ...standard, retryLimit: 3, cron: "0 8 * * 1", expireInSeconds: 30 * 60, description: "Mondays: emails each workspace owner the top insights of the last analysis (unless they turned off weekly insights), once per week." },
  "operator-stats": { ...standard, cron: "*/5 * * * *", description: "Recomputes each workspace's 30-day usage and last activity for the operator console's list." },
} as const satisfies Record<string, QueueDefinition>;

export type QueueName = keyof typeof QUEUES;

export const QUEUE_NAMES = Object.keys(QUEUES) as QueueName[];

export function isQueueName(value: unknown): value is QueueName {
  return typeof value === "string" && Object.hasOwn(QUEUES, value);
}

/** The PostgreSQL schema pg-boss keeps its tables in. */
export const JOB_SCHEMA = "pgboss";

/** Failed jobs stay in the job table (visible and retryable on the Jobs page) this long. */
export const FAILED_JOB_RETENTION_SECONDS = 7 * 86_400;
