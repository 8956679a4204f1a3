import { getClient } from "./server/db/client";
import { describeRoleProblems, findRuntimeRoleProblems } from "./server/db/safety";
import { installPeerAddressStamp } from "./server/http/peer-address";
import { startBackgroundJobs } from "./server/jobs/start-background-jobs";

/**
 * Refuse to serve if the runtime database role could bypass row-level security (covers
 * `next start` with an external DATABASE_URL too), then start the background sweep.
 */
export async function registerNode(): Promise<void> {
  // First: per-IP limits need the socket address (server/http/request-meta.ts).
  installPeerAddressStamp();
  if (!process.env.DATABASE_URL) return;
  const problems = await findRuntimeRoleProblems(getClient().sql);
  if (problems.length) {
    process.stderr.write(describeRoleProblems(problems) + "\n");
    process.exit(1);
  }
  startBackgroundJobs();
}
