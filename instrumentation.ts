// Runs once when the Next.js server starts: refuse to serve if the runtime database role could
// bypass row-level security (covers `next start` with an external DATABASE_URL too), then start
// the background sweep (lifecycle transitions, local renewals, queued email).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || !process.env.DATABASE_URL) return;
  const { getClient } = await import("./server/db/client");
  const { describeRoleProblems, findRuntimeRoleProblems } = await import("./server/db/safety");
  const problems = await findRuntimeRoleProblems(getClient().sql);
  if (problems.length) {
    process.stderr.write(describeRoleProblems(problems) + "\n");
    process.exit(1);
  }
  const { startBackgroundJobs } = await import("./server/jobs/start-background-jobs");
  startBackgroundJobs();
}
