import "server-only";
import { listWorkspacesDueForInsights } from "../db/cross-tenant-insights";
import { logger } from "../logger";
import { analyseWorkspaceNow } from "./insight-reports";

export type NightlyInsightsReport = { analysed: number; failed: number; remaining: boolean; durationMs: number };

/**
 * The nightly recomputation: every workspace not analysed in the last 20 hours, the longest waiting
 * first, one after another until none is left or the time budget is spent (the rest come first the
 * next night). One workspace's failure is stored on its report and the walk goes on.
 */
export async function analyseAllWorkspaces({ budgetMs = 45 * 60_000, now = () => new Date() }: { budgetMs?: number; now?: () => Date } = {}): Promise<NightlyInsightsReport> {
  const started = Date.now();
  const before = new Date(now().getTime() - 20 * 3_600_000);
  let analysed = 0;
  let failed = 0;
  for (;;) {
    const due = await listWorkspacesDueForInsights(before, 200);
    if (!due.length) return { analysed, failed, remaining: false, durationMs: Date.now() - started };
    for (const tenantId of due) {
      if (Date.now() - started > budgetMs) {
        logger.warn("nightly insights stopped at their time budget; the rest go first tomorrow", { analysed, budgetMs });
        return { analysed, failed, remaining: true, durationMs: Date.now() - started };
      }
      const reportId = await analyseWorkspaceNow({ tenantId, now: now() }).catch((error: unknown) => {
        logger.error("nightly insight analysis failed", { tenantId, error });
        return null;
      });
      if (reportId) analysed++;
      else failed++;
    }
  }
}
