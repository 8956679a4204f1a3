import PgBoss from "pg-boss";
import { FAILED_JOB_RETENTION_SECONDS, JOB_SCHEMA, QUEUES } from "./queues";

// Part of the migration step (server/db/provision.ts `migrateDatabase`), run as the owner role:
// pg-boss's schema, one partition per queue, and the runtime role's grants. The running app
// connects with `migrate: false` and never creates anything (it has no CREATE right).

/**
 * Creates or upgrades pg-boss's tables, creates every queue in queues.ts and brings its retry
 * policy up to date, then grants the runtime role what it uses: reading queues, and reading and
 * writing jobs (fetch, complete, fail, retry), the archive (maintenance) and the version row
 * (maintenance's "who ran last" timestamps). Idempotent; pg-boss serialises concurrent runs
 * with a transaction-scoped advisory lock.
 */
export async function provisionJobQueue(ownerUrl: string, { runtimeRole }: { runtimeRole: string }): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(runtimeRole)) throw new Error(`unsafe role name: ${runtimeRole}`);
  const boss = new PgBoss({
    connectionString: ownerUrl,
    schema: JOB_SCHEMA,
    max: 1,
    application_name: "atrium-migrate",
    migrate: true,
    schedule: false,
    supervise: false,
    archiveFailedAfterSeconds: FAILED_JOB_RETENTION_SECONDS,
  });
  const errors: unknown[] = [];
  boss.on("error", (error) => errors.push(error));
  await boss.start();
  try {
    for (const [name, queue] of Object.entries(QUEUES)) {
      const options = {
        name,
        policy: "short" as const,
        retryLimit: queue.retryLimit,
        retryDelay: queue.retryDelaySeconds,
        retryBackoff: true,
        expireInSeconds: queue.expireInSeconds,
      };
      if (await boss.getQueue(name)) await boss.updateQueue(name, options);
      else await boss.createQueue(name, options);
    }
    const db = boss.getDb();
    for (const statement of [
      `GRANT USAGE ON SCHEMA ${JOB_SCHEMA} TO ${runtimeRole}`,
      `GRANT SELECT ON ${JOB_SCHEMA}.queue TO ${runtimeRole}`,
      `GRANT SELECT, UPDATE ON ${JOB_SCHEMA}.version TO ${runtimeRole}`,
      `GRANT SELECT, INSERT, UPDATE, DELETE ON ${JOB_SCHEMA}.job, ${JOB_SCHEMA}.archive TO ${runtimeRole}`,
    ]) {
      await db.executeSql(statement, []);
    }
  } finally {
    await boss.stop({ graceful: false, close: true });
  }
  if (errors.length) throw new Error(`job queue provisioning failed: ${String(errors[0])}`);
}
