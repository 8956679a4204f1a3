import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import { cacheStats } from "../cache/cache";
import { poolUsage } from "../db/pool-usage";
import { rateLimitCounters } from "../rate-limit/gcra";
import { registerWorkspaceGauge } from "./workspace-gauge";

/**
 * Every Prometheus series of this process, in one registry made once per process (on globalThis:
 * the HTTP gate, proxy.ts and the app are separate bundles and must count into the same series).
 * Labels are bounded by construction: route templates, methods, status classes, queue names,
 * cache names, workspace statuses and plans — never a workspace, user or key.
 */
function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) => new Counter({ name, help, labelNames, registers: [registry] });
  const metrics = {
    registry,
    httpRequestDuration: new Histogram({
      name: "http_request_duration_seconds",
      help: "HTTP requests served, by route template, method and status class, with their duration.",
      labelNames: ["route", "method", "status_class"] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    usageEventsIngested: counter("atrium_usage_events_ingested_total", "Usage events stored through the API (duplicates excluded), by metric.", ["metric"] as const),
    usageEventsDuplicate: counter("atrium_usage_events_duplicate_total", "Usage events ignored as already stored (same idempotency key)."),
    stripeEvents: counter("atrium_stripe_events_total", "Stripe webhook deliveries, by outcome: processed, failed (Stripe retries), rejected (signature or shape).", ["outcome"] as const),
    emailsQueued: counter("atrium_emails_queued_total", "Emails written to the outbox."),
    emailsSent: counter("atrium_emails_sent_total", "Emails accepted by the SMTP server."),
    emailsFailed: counter("atrium_emails_failed_total", "Email delivery attempts that failed (retried with backoff)."),
    jobRuns: counter("atrium_job_runs_total", "Background job runs finished in this process, by queue and outcome (completed, failed).", ["queue", "outcome"] as const),
    jobDuration: new Histogram({
      name: "atrium_job_duration_seconds",
      help: "How long background job runs took, by queue.",
      labelNames: ["queue"] as const,
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300],
      registers: [registry],
    }),
    rateLimitRejections: counter("atrium_rate_limit_rejections_total", "Requests refused by a rate limit, by policy.", ["policy"] as const),
  };

  // Read at scrape time from counters the code keeps anyway (no work per request).
  new Counter({
    name: "atrium_rate_limit_store_events_total",
    help: "Rate-limit store trouble: store_failures, in_process_decisions (fallback), failed_open (API requests let through while the store was down).",
    labelNames: ["event"] as const,
    registers: [registry],
    collect() {
      const counts = rateLimitCounters();
      this.reset();
      this.inc({ event: "store_failures" }, counts.storeFailures);
      this.inc({ event: "in_process_decisions" }, counts.inProcessDecisions);
      this.inc({ event: "failed_open" }, counts.failedOpen);
    },
  });
  new Counter({
    name: "atrium_cache_requests_total",
    help: "Lookups of each in-process cache, by result (hit, miss); hit ratio = hit / (hit + miss).",
    labelNames: ["cache", "result"] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const stats of cacheStats()) {
        this.inc({ cache: stats.name, result: "hit" }, stats.hits);
        this.inc({ cache: stats.name, result: "miss" }, stats.misses);
      }
    },
  });
  new Gauge({
    name: "atrium_cache_entries",
    help: "Entries held by each in-process cache.",
    labelNames: ["cache"] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const stats of cacheStats()) this.set({ cache: stats.name }, stats.size);
    },
  });
  new Gauge({
    name: "atrium_db_pool_connections",
    help: "Database connections of this process's pool, by state: in_use (held by a transaction or a statement), waiting (work queued for a connection), max (the pool's size).",
    labelNames: ["state"] as const,
    registers: [registry],
    collect() {
      const pool = poolUsage();
      this.set({ state: "in_use" }, pool.inUse);
      this.set({ state: "waiting" }, pool.waiting);
      this.set({ state: "max" }, pool.max);
    },
  });
  registerWorkspaceGauge(registry);
  return metrics;
}

export type Metrics = ReturnType<typeof createMetrics>;

const holder = globalThis as unknown as { __atriumMetrics?: Metrics };

export function metrics(): Metrics {
  return (holder.__atriumMetrics ??= createMetrics());
}
