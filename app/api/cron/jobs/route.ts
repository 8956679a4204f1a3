import { apiError, errorResponse, json } from "@/server/api/respond";
import { env } from "@/server/env";
import { authorizeCronRequest } from "@/server/jobs/authorize-cron-request";
import { runDueJobs } from "@/server/jobs/run-due-jobs";

export const dynamic = "force-dynamic";
// Vercel: the longest a call may take (the platform caps this per plan). JOBS_CRON_BUDGET_MS is
// capped below it in server/env.ts: change both together.
export const maxDuration = 60;

/**
 * For hosts without a long-lived worker (Vercel Cron sends `Authorization: Bearer $CRON_SECRET`):
 * enqueues due schedules and works through queued jobs for JOBS_CRON_BUDGET_MS, then answers
 * with what it did.
 */
export async function GET(req: Request) {
  if (!authorizeCronRequest(req.headers.get("authorization"), env.CRON_SECRET)) {
    return apiError(401, "unauthorized", "A valid bearer token is required.", {}, { "WWW-Authenticate": "Bearer" });
  }
  try {
    return json(await runDueJobs({ budgetMs: env.JOBS_CRON_BUDGET_MS }));
  } catch (error) {
    return errorResponse(error);
  }
}
