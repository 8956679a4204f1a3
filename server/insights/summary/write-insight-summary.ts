import "server-only";
import { and, eq } from "drizzle-orm";
import { insightReports } from "../../db/schema";
import { withTenant } from "../../db/with-tenant";
import { env } from "../../env";
import { logger } from "../../logger";
import type { InsightFacts } from "../analyse-workspace";
import { unsupportedStatements } from "./check-numbers";
import { requestSummary, type SummaryModel } from "./request-summary";
import { buildSummaryFacts, numberedFacts } from "./summary-facts";

/** The configured model (INSIGHTS_LLM_URL and INSIGHTS_LLM_MODEL), or null: no summary is written. */
export function summaryModel(): SummaryModel | null {
  if (!env.INSIGHTS_LLM_URL || !env.INSIGHTS_LLM_MODEL) return null;
  return { url: env.INSIGHTS_LLM_URL, apiKey: env.INSIGHTS_LLM_API_KEY ?? null, model: env.INSIGHTS_LLM_MODEL, timeoutMs: env.INSIGHTS_LLM_TIMEOUT_MS };
}

/**
 * The optional written summary of a finished report: asks the configured model for a paragraph
 * from the facts only, keeps it only when every number and date it states is among the facts,
 * and stores it on the report (only for the claim that stored the facts, as storeFacts does).
 * Never throws: without a model, or on any failure, the report keeps its facts and no summary.
 */
export async function writeInsightSummary({ tenantId, reportId, facts, startedAt, model = summaryModel() }: { tenantId: string; reportId: string; facts: InsightFacts; startedAt: Date; model?: SummaryModel | null }): Promise<string | null> {
  if (!model) return null;
  try {
    const lines = buildSummaryFacts(facts);
    const outcome = await requestSummary(model, numberedFacts(lines));
    if (!outcome.ok) {
      logger.warn("insight summary not written: the language model failed", { tenantId, reportId, reason: outcome.reason });
      return null;
    }
    const unsupported = unsupportedStatements(outcome.text, lines);
    if (unsupported.length) {
      logger.warn("insight summary discarded: it states numbers that are not among the facts", { tenantId, reportId, unsupported: unsupported.slice(0, 10) });
      return null;
    }
    await withTenant(tenantId, (tx) =>
      tx
        .update(insightReports)
        .set({ summary: outcome.text })
        .where(and(eq(insightReports.tenantId, tenantId), eq(insightReports.id, reportId), eq(insightReports.startedAt, startedAt), eq(insightReports.status, "done"))),
    );
    return outcome.text;
  } catch (error) {
    logger.warn("insight summary not written", { tenantId, reportId, error });
    return null;
  }
}
