import "server-only";
import PgBoss from "pg-boss";
import { env } from "../env";
import { logger } from "../logger";
import { FAILED_JOB_RETENTION_SECONDS, JOB_SCHEMA } from "./queues";

// The pg-boss client of this process. pg-boss talks to PostgreSQL through its own small `pg`
// pool: plain statements, parameters through the extended protocol's unnamed statement, and its
// multi-statement commands as one simple query wrapped in BEGIN ... COMMIT. It keeps no session
// state (no LISTEN, no session advisory locks, no named prepared statements), so it works through
// PgBouncer in transaction mode. It runs as the runtime role with `migrate: false`: the schema and
// the queues are the migration step's (provision-job-queue.ts).

type Store = { __atriumJobQueue?: Promise<PgBoss> };
const store = globalThis as unknown as Store;

/** The started client of this process (created on first use, shared by enqueueing and the workers). */
export function getJobQueue(): Promise<PgBoss> {
  store.__atriumJobQueue ??= open().catch((error: unknown) => {
    store.__atriumJobQueue = undefined;
    throw error;
  });
  return store.__atriumJobQueue;
}

async function open(): Promise<PgBoss> {
  const url = env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: the job queue needs the runtime role's database.");
  // Passed through to pg's Pool as well (its types only name pg-boss's own options).
  const options: PgBoss.ConstructorOptions & { connectionTimeoutMillis: number; idleTimeoutMillis?: number } = {
    connectionString: url,
    schema: JOB_SCHEMA,
    max: env.JOBS_DB_POOL_MAX,
    application_name: "atrium-jobs",
    connectionTimeoutMillis: env.DATABASE_CONNECT_TIMEOUT_MS,
    idleTimeoutMillis: env.DATABASE_IDLE_TIMEOUT_MS || undefined,
    migrate: false,
    // Schedules are Atrium's own (schedule-due-jobs.ts): pg-boss's timekeeper would create a
    // queue at startup (the runtime role may not) and only looks back one minute.
    schedule: false,
    // Maintenance (failing expired jobs, archiving) is run by the workers (maintain-job-queue.ts),
    // so a process that only enqueues never does it.
    supervise: false,
    archiveFailedAfterSeconds: FAILED_JOB_RETENTION_SECONDS,
  };
  const boss = new PgBoss(options);
  // pg-boss reports pool and maintenance errors as events; an unheard 'error' would crash the process.
  boss.on("error", (error) => logger.error("job queue error", { error }));
  try {
    await boss.start();
  } catch (error) {
    await boss.stop({ graceful: false }).catch(() => {});
    const hint = error instanceof Error && /not installed|requires migrations/.test(error.message) ? " (run `npm run db:migrate`)" : "";
    throw new Error(`the job queue could not start${hint}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return boss;
}

/** Stops pg-boss and closes its pool (after the workers have stopped). */
export async function closeJobQueue(): Promise<void> {
  const pending = store.__atriumJobQueue;
  store.__atriumJobQueue = undefined;
  if (!pending) return;
  const boss = await pending.catch(() => null);
  await boss?.stop({ graceful: false, close: true });
}
