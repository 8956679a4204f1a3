import PgBoss from "pg-boss";
import { JOB_SCHEMA } from "../server/jobs/queues";

// Queues exist only where the migration step (the owner role) made them; tests that need their own
// queue make it the same way.

export async function createTestQueue(name: string, options: { retryLimit?: number; retryDelay?: number; retryBackoff?: boolean; expireInSeconds?: number } = {}): Promise<void> {
  const owner = new PgBoss({ connectionString: process.env.TEST_OWNER_URL!, schema: JOB_SCHEMA, migrate: false, schedule: false, supervise: false, max: 1 });
  owner.on("error", () => {});
  await owner.start();
  try {
    await owner.createQueue(name, { name, policy: "short", retryLimit: 0, ...options });
  } finally {
    await owner.stop({ graceful: false });
  }
}

/** A second pg-boss client on the runtime role, as another process would have. */
export async function otherProcessQueue(): Promise<PgBoss> {
  const boss = new PgBoss({ connectionString: process.env.DATABASE_URL!, schema: JOB_SCHEMA, migrate: false, schedule: false, supervise: false, max: 2 });
  boss.on("error", () => {});
  return boss.start();
}

export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 15_000, what = "condition"): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
