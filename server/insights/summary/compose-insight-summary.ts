import "server-only";
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
 * The optional written summary of a report's facts: asks the configured model for a paragraph
 * from the facts only, and keeps it only when every number and date it states is among the facts.
 * The caller stores it with the facts, so the report is never shown as done without the summary
 * it will have. Never throws: without a model, or on any failure, the answer is null.
 */
export async function composeInsightSummary({ tenantId, reportId, facts, model = summaryModel() }: { tenantId: string; reportId: string; facts: InsightFacts; model?: SummaryModel | null }): Promise<string | null> {
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
    return outcome.text;
  } catch (error) {
    logger.warn("insight summary not written", { tenantId, reportId, error });
    return null;
  }
}
