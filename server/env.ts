import { z } from "zod";
import { deploymentProblems, describeEnvironmentProblems, schemaProblems, type EnvironmentProblem } from "./config/environment-report";

const booleanish = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((v) => v === "true" || v === "1");

/** Like booleanish, but true when unset. */
const booleanishDefaultTrue = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((v) => v === undefined || v === "" || v === "true" || v === "1");

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    // Runtime role URL (never a superuser or table owner). The launcher sets it for the embedded server.
    DATABASE_URL: z.string().url().optional(),
    // Migration / owner role URL. Only migrations and seeding use it.
    DATABASE_OWNER_URL: z.string().url().optional(),
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
    /** How long opening a connection may take before the request fails with 503. */
    DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(5_000),
    /** Server-side limit per statement (PostgreSQL `statement_timeout`); 0 turns it off. */
    DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).default(15_000),
    /**
     * Per statement of an audit log text search (page, tRPC and each batch of the CSV export; its
     * own budget, below the server's limit): past it the visitor is asked to narrow the search (400).
     */
    AUDIT_SEARCH_TIMEOUT_MS: z.coerce.number().int().min(1).max(600_000).default(5_000),
    /** Idle pooled connections are closed after this long; 0 keeps them. */
    DATABASE_IDLE_TIMEOUT_MS: z.coerce.number().int().min(0).default(30_000),
    /** Connections are replaced after this long (spreads load after a failover); 0 keeps them. */
    DATABASE_MAX_LIFETIME_MS: z.coerce.number().int().min(0).default(1_800_000),
    /**
     * DATABASE_URL points at PgBouncer in transaction mode: no prepared statements (PgBouncer
     * before 1.21 cannot route them) and no startup parameters but application_name (it refuses
     * others), so statement_timeout must be set on the role instead (README, "PgBouncer").
     */
    DATABASE_PGBOUNCER: booleanish,
    ROOT_DOMAIN: z
      .string()
      .default("localhost:3000")
      .transform((v) => v.trim().toLowerCase().replace(/\.$/, "")),
    // http in development on *.localhost, https anywhere else unless overridden.
    PUBLIC_PROTOCOL: z.enum(["http", "https"]).optional(),
    AUTH_SECRET: z.string().min(32).optional(),
    /** Sign-in with GitHub / Google (shown on the apex sign-in and sign-up pages when both of a pair are set). */
    AUTH_GITHUB_ID: z.string().min(1).optional(),
    AUTH_GITHUB_SECRET: z.string().min(1).optional(),
    AUTH_GOOGLE_ID: z.string().min(1).optional(),
    AUTH_GOOGLE_SECRET: z.string().min(1).optional(),
    /** Tests only: another OpenID issuer in Google's place (a local provider). */
    AUTH_GOOGLE_ISSUER: z.string().url().optional(),
    /** Tests: append every SQL statement this process sends to this file (see server/db/client.ts). */
    ATRIUM_SQL_LOG: z.string().min(1).optional(),
    TENANT_CACHE_TTL_MS: z.coerce.number().int().min(0).default(30_000),
    LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
    /** `json` (one object per line) or `pretty` (readable); unset: pretty in development, JSON otherwise. */
    LOG_FORMAT: z.enum(["json", "pretty"]).optional(),
    /** Bearer token for GET /api/metrics (Prometheus); the route answers 404 without it. */
    METRICS_TOKEN: z.string().min(16).optional(),
    TRUST_PROXY: booleanish,
    /** Traces: OTLP endpoint (e.g. http://collector:4318); tracing is entirely off while unset (README, "Traces"). */
    OTEL_EXPORTER_OTLP_ENDPOINT: z.string().url().optional(),
    /** Traces only, as the OTLP specification names it: the full URL, `/v1/traces` included. */
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.string().url().optional(),
    /** The traces' `service.name` (default `atrium`). */
    OTEL_SERVICE_NAME: z.string().trim().min(1).optional(),
    /** Standard OpenTelemetry switches that keep tracing off even with an endpoint (`true`, any case; `none`); read by tracesConfigured(). */
    OTEL_SDK_DISABLED: z.string().optional(),
    OTEL_TRACES_EXPORTER: z.string().optional(),
    /** With TRUST_PROXY: how many proxies append to X-Forwarded-For (the client is that many from the right). */
    TRUST_PROXY_HOPS: z.coerce.number().int().min(1).max(10).default(1),
    // Billing: without STRIPE_SECRET_KEY the local provider (offline checkout) is used.
    STRIPE_SECRET_KEY: z.string().min(1).optional(),
    STRIPE_WEBHOOK_SECRET: z.string().min(1).optional(),
    /** Only for tests and local fakes: where the stripe library sends requests. */
    STRIPE_API_BASE: z.string().url().optional(),
    STRIPE_AUTOMATIC_TAX: booleanish,
    STRIPE_COLLECT_BILLING_ADDRESS: booleanish,
    PAST_DUE_GRACE_DAYS: z.coerce.number().int().min(0).max(90).default(7),
    // Email: SMTP when set (e.g. smtp://user:pass@host:587), otherwise the dev outbox page.
    SMTP_URL: z.string().url().optional(),
    EMAIL_FROM: z.string().default("Atrium <no-reply@atrium.localhost>"),
    /** Days sent (or undeliverable) email is kept in the outbox before it is deleted. */
    EMAIL_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
    /** Background jobs (pg-boss queues): run the workers inside this web process (default), or only enqueue (`npm run worker` runs them). */
    JOBS_IN_PROCESS: booleanishDefaultTrue,
    /** How often an idle worker process looks for due jobs (enqueueing in the same process wakes it at once). */
    JOBS_POLL_INTERVAL_MS: z.coerce.number().int().min(100).max(60_000).default(2_000),
    /** Connections of the job queue's own pool (per process), besides DATABASE_POOL_MAX. */
    JOBS_DB_POOL_MAX: z.coerce.number().int().min(1).max(20).default(3),
    /** On stop (SIGTERM): how long running jobs may take to finish before they are handed back to the queue. */
    JOBS_STOP_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(15_000),
    /** Per-workspace request minutes for SLA reports (server/sla): on by default; "false" only to measure its cost. */
    SLA_RECORDING: booleanishDefaultTrue,
    /** Bearer token for GET /api/cron/jobs (Vercel Cron and other schedulers); the route answers 401 without it. */
    CRON_SECRET: z.string().min(16).optional(),
    /** How long one call of /api/cron/jobs works through queued jobs before it answers. */
    JOBS_CRON_BUDGET_MS: z.coerce.number().int().min(1_000).max(50_000).default(20_000), // under app/api/cron/jobs maxDuration (60 s), which also covers scheduling and maintenance
    /** Several instances: shared rate-limit store (PostgreSQL when unset) and cache invalidations broadcast between instances. */
    REDIS_URL: z.string().url().optional(),
    /** Redis pub/sub channel of cache invalidations; deployments sharing one Redis (staging and production) set different ones. */
    CACHE_BROADCAST_CHANNEL: z.string().trim().min(1).max(200).optional(),
    /** Domain events to NATS JetStream (issue 15): the relay publishes every event there when set (e.g. nats://127.0.0.1:4222). */
    EVENTS_NATS_URL: z
      .string()
      .trim()
      .refine((urls) => urls.split(",").every((url) => /^(nats|tls|wss?):\/\/[^\s,]+$/.test(url.trim())), "Use a NATS URL such as nats://127.0.0.1:4222 (several: comma-separated).")
      .optional()
      .or(z.literal("").transform(() => undefined)),
    /** Subjects are `<prefix>.<event type>` (atrium.events.member.invited). */
    EVENTS_NATS_SUBJECT_PREFIX: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/, "Use NATS subject tokens separated by dots, without wildcards (e.g. atrium.events).")
      .default("atrium.events"),
    /** The JetStream stream that holds them; created (subjects `<prefix>.>`) when missing. */
    EVENTS_NATS_STREAM: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, "Use letters, digits, - and _ (at most 64) for the stream name.")
      .default("ATRIUM_EVENTS"),
    /** JetStream's de-duplication window: a batch the relay repeats within it is stored once. */
    EVENTS_NATS_DUPLICATE_WINDOW_SECONDS: z.coerce.number().int().min(120).max(86_400).default(600),
    /** Bound on connecting and on each publish acknowledgement; past it the relay run fails and retries later. */
    EVENTS_NATS_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
    /** Days a deleted workspace's data is kept before the sweep purges it. */
    WORKSPACE_RETENTION_DAYS: z.coerce.number().int().min(0).max(3650).default(30),
    /** Account sign-ups allowed per hour from one IP address. */
    SIGN_UPS_PER_HOUR: z.coerce.number().int().min(1).max(10_000).default(10),
    /** Workspace creations allowed per hour, per user and per IP. */
    WORKSPACE_CREATIONS_PER_HOUR: z.coerce.number().int().min(1).max(1000).default(3),
    /** Where uploaded logos and workspace exports are kept (default: `{ATRIUM_DATA_DIR}/storage`), unless S3_BUCKET is set. */
    STORAGE_DIR: z.string().min(1).optional(),
    /** S3-compatible object storage for logos and exports (instead of STORAGE_DIR) when set. */
    S3_BUCKET: z.string().min(1).optional(),
    /** Another S3-compatible service (MinIO, R2, Ceph, ...); unset = AWS S3 in S3_REGION. */
    S3_ENDPOINT: z.string().url().optional(),
    S3_REGION: z.string().min(1).default("us-east-1"),
    /** Both or neither; neither = the AWS SDK's default credentials (AWS_* variables, instance role, ...). */
    S3_ACCESS_KEY_ID: z.string().min(1).optional(),
    S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    /** Path-style addresses (`endpoint/bucket/key`), which most S3-compatible servers want. */
    S3_FORCE_PATH_STYLE: booleanish,
    ATRIUM_DATA_DIR: z.string().min(1).default(".data"),
    /** Largest accepted logo upload. */
    LOGO_MAX_BYTES: z.coerce.number().int().min(1024).max(1_572_864).default(524_288),
    /** Custom domains: the host tenants point their CNAME at (default `domains.{ROOT_DOMAIN without port}`). */
    CUSTOM_DOMAIN_TARGET: z.string().min(1).optional(),
    /** How often verified domains are checked again, and how long a failing one keeps routing. */
    DOMAIN_RECHECK_HOURS: z.coerce.number().min(0.01).max(720).default(24),
    DOMAIN_GRACE_HOURS: z.coerce.number().min(0).max(2160).default(72),
    /** Tests and demos only: a JSON file of DNS records used instead of real DNS (see README). */
    DNS_FIXTURE_FILE: z.string().min(1).optional(),
    /**
     * Webhook hosts exempt from the private-address refusal (comma-separated host names or IP
     * addresses, e.g. `127.0.0.1,localhost`), which may also use http in production: local development and tests only.
     */
    WEBHOOK_ALLOWED_HOSTS: z
      .string()
      .optional()
      .transform((v) => (v ?? "").split(",").map((h) => h.trim().toLowerCase().replace(/^\[|\]$/g, "")).filter(Boolean)),
    /** Days a finished workspace export can be downloaded. */
    /** Domain events (issue 15) older than this are deleted daily (queue prune-events); GET /api/v1/events reaches back this far. */
    EVENT_RETENTION_DAYS: z.coerce.number().int().min(7).max(3650).default(90),
    EXPORT_RETENTION_DAYS: z.coerce.number().int().min(1).max(90).default(7),
    /** On SIGTERM / SIGINT: longest wait for buffered writes (API-call counts) before exiting. */
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(120_000).default(5_000),
    /** On SIGTERM: how long requests in flight (and the background job running) may take to finish before the process stops anyway. */
    SHUTDOWN_DRAIN_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(25_000),
    /** On SIGTERM: how long the server keeps taking requests while readiness already answers 503, so load balancers stop sending first. */
    SHUTDOWN_DELAY_MS: z.coerce.number().int().min(0).max(120_000).default(0),
    /** Launcher (`npm start`): keep a generated AUTH_SECRET in ATRIUM_DATA_DIR when none is set; only for one instance. */
    ATRIUM_SINGLE_INSTANCE: booleanish,
    /** Read by the standalone server (server.js) and the launcher: the port to listen on. */
    PORT: z.coerce.number().int().min(1).max(65_535).optional(),
    /** Read by the standalone server (server.js): keep-alive timeout (ms); above the load balancer's idle timeout. */
    KEEP_ALIVE_TIMEOUT: z.coerce.number().int().min(1).optional(),
    /** Next.js leaves SIGTERM / SIGINT to the app when set to anything (as Next reads it); Atrium's graceful stop (server/shutdown/) is the same either way. */
    NEXT_MANUAL_SIG_HANDLE: z.string().optional().transform((v) => Boolean(v)),
    /** The synthetic prober (status page): this deployment's apex origin, e.g. `https://example.com`; unset = HTTP checks are skipped. */
    PROBE_BASE_URL: z.string().url().optional(),
    /** The prober's time limit per check. */
    PROBE_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(5_000),
    /** Days of prober results kept (the status page shows 90). */
    PROBE_RETENTION_DAYS: z.coerce.number().int().min(91).max(3650).default(120),
    /** Largest accepted request body on the public API. */
    API_MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(1_572_864).default(1_048_576),
    /** How long a request body may take to arrive in total (API, tRPC, webhooks, uploads). */
    BODY_READ_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(10_000),
    /**
     * The longest a public API call waits for its answer (body, database, all): past it, a 503.
     * A database that stalls (frozen, not down) answers nothing and fails nothing, so without it
     * calls would wait for as long as the stall lasts. Keep it above BODY_READ_TIMEOUT_MS.
     */
    API_ANSWER_DEADLINE_MS: z.coerce.number().int().min(100).max(300_000).default(15_000),
    /** The longest a dashboard (tRPC) call waits for its answer; past it, 503 with Retry-After. */
    TRPC_ANSWER_DEADLINE_MS: z.coerce.number().int().min(100).max(300_000).default(15_000),
    /** Public API calls one instance works on at once; more are refused with a 503 at once. */
    API_MAX_IN_FLIGHT: z.coerce.number().int().min(1).max(100_000).default(256),
    /** Insights' optional written summary (issue 16): an OpenAI-compatible base URL (e.g. http://127.0.0.1:8080/v1); with INSIGHTS_LLM_MODEL, summaries are written. */
    INSIGHTS_LLM_URL: z.string().url().optional().or(z.literal("").transform(() => undefined)),
    /** Sent as `Authorization: Bearer ...` when set. */
    INSIGHTS_LLM_API_KEY: z.string().min(1).optional().or(z.literal("").transform(() => undefined)),
    INSIGHTS_LLM_MODEL: z.string().trim().min(1).optional().or(z.literal("").transform(() => undefined)),
    /** Longest wait for one summary; past it the report keeps its facts without one. */
    INSIGHTS_LLM_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(20_000),
  })
  .transform((env) => {
    const isLocal = /(^|\.)localhost(:\d+)?$/.test(env.ROOT_DOMAIN);
    // The built-in secret is public: only for local development on *.localhost.
    const AUTH_SECRET =
      env.AUTH_SECRET ?? (env.NODE_ENV !== "production" && isLocal ? "atrium-development-secret-not-for-production-use-0000" : undefined);
    const rootHost = env.ROOT_DOMAIN.replace(/:\d+$/, "");
    return {
      ...env,
      STORAGE_DIR: env.STORAGE_DIR ?? `${env.ATRIUM_DATA_DIR}/storage`,
      CUSTOM_DOMAIN_TARGET: (env.CUSTOM_DOMAIN_TARGET ?? `domains.${rootHost}`).toLowerCase().replace(/\.$/, ""),
      PUBLIC_PROTOCOL: env.PUBLIC_PROTOCOL ?? (isLocal ? "http" : "https"),
      AUTH_SECRET,
    };
  });

export type Env = z.infer<typeof EnvSchema>;

type Source = Record<string, string | undefined>;

/** Every problem with these variables at once: each one's format, and what production needs on top. */
export function findEnvironmentProblems(source: Source = process.env): EnvironmentProblem[] {
  const parsed = EnvSchema.safeParse(source);
  return [...(parsed.success ? [] : schemaProblems(parsed.error.issues, source)), ...deploymentProblems(source)];
}

/**
 * Boot check for every process that serves or works (launcher, instrumentation, worker): prints
 * one report naming every problem and exits, instead of failing later on the first one used.
 */
export function assertValidEnvironment(options: { source?: Source; processName?: string } = {}): void {
  const problems = findEnvironmentProblems(options.source ?? process.env);
  if (!problems.length) return;
  process.stderr.write(describeEnvironmentProblems(problems, options.processName) + "\n");
  process.exit(1);
}

/**
 * Whether traces are on (an OTLP endpoint, the SDK not disabled), read from these few variables
 * alone: server/trpc/init.ts decides it while modules load, which must not fix every other
 * variable before tests and `next build` set them (assertValidEnvironment checks their formats).
 */
export function tracesConfigured(source: Source = process.env): boolean {
  const endpoint = source.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || source.OTEL_EXPORTER_OTLP_ENDPOINT;
  const disabled = ["true", "1"].includes(source.OTEL_SDK_DISABLED?.trim().toLowerCase() ?? "");
  return Boolean(endpoint?.trim()) && !disabled && source.OTEL_TRACES_EXPORTER?.trim().toLowerCase() !== "none";
}

// Formats only: `next build` runs as production too and must not need production's secrets.
function loadEnv(): Env {
  const parsed = EnvSchema.safeParse(process.env);
  if (!parsed.success) throw new Error(describeEnvironmentProblems(schemaProblems(parsed.error.issues, process.env)));
  return parsed.data;
}

// Parsed on first use so `next build` and tests can set variables before anything reads them.
let cached: Env | undefined;
export const env: Env = new Proxy({} as Env, {
  get(_target, key: string) {
    cached ??= loadEnv();
    return cached[key as keyof Env];
  },
});

export function requireAuthSecret(): string {
  const secret = env.AUTH_SECRET;
  if (!secret) {
    throw new Error("AUTH_SECRET is required outside local development (32+ characters); see .env.example.");
  }
  return secret;
}
