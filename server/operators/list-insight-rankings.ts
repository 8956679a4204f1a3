import "server-only";
import { isPlanId, PLANS } from "../../lib/plans";
import { operatorInsightScores, type InsightScoreKind, type OperatorInsightScoreRow } from "../db/cross-tenant-insights";
import type { TenantStatus } from "../db/schema/tenants";
import { reasonSentences, type ReasonSentence } from "../insights/operator-reason-sentences";
import { asOperator, type OperatorReader } from "./operator-read";

export type ListInsightRankingsOptions = OperatorReader & {
  /** How many workspaces each list shows at most (1–200). */
  limit?: number;
};

/** How many workspaces each ranked list shows. */
export const INSIGHT_LIST_LIMIT = 50;

export type InsightRankRow = {
  workspace: { id: string; slug: string; name: string };
  planName: string;
  status: TenantStatus;
  score: number;
  reasons: ReasonSentence[];
  computedAt: Date;
};

export type InsightRankings = {
  /** Whether any workspace has a finished analysis (otherwise the page explains none ran yet). */
  analysed: boolean;
  churn: InsightRankRow[];
  expansion: InsightRankRow[];
};

function rankRow(kind: InsightScoreKind, r: OperatorInsightScoreRow): InsightRankRow | null {
  const score = kind === "churn" ? r.churnScore : r.expansionScore;
  // A workspace with nothing pointing either way is not a candidate for the list.
  if (score === null || score <= 0) return null;
  return {
    workspace: { id: r.tenantId, slug: r.slug, name: r.name },
    planName: isPlanId(r.planId) ? PLANS[r.planId].name : (r.planId ?? "—"),
    status: r.status,
    score,
    reasons: reasonSentences(kind === "churn" ? r.churnReasons : r.expansionReasons),
    computedAt: r.computedAt,
  };
}

/**
 * The console's insight lists (operators of either role): the workspaces most at risk of churning
 * and the best expansion candidates, each from one audited read across workspaces (drizzle/0043)
 * of every workspace's latest finished analysis, highest score first, with each reason in words.
 */
export async function listInsightRankings({ limit = INSIGHT_LIST_LIMIT, ...reader }: ListInsightRankingsOptions): Promise<InsightRankings> {
  const read = (kind: InsightScoreKind) =>
    asOperator(reader, { action: "insights.read", target: "platform" }, (sessionId) => operatorInsightScores({ sessionId, kind, limit, meta: reader.meta }));
  const churn = await read("churn");
  const expansion = await read("expansion");
  const rows = (kind: InsightScoreKind, list: OperatorInsightScoreRow[]) => list.map((r) => rankRow(kind, r)).filter((r): r is InsightRankRow => r !== null);
  return { analysed: churn.length > 0 || expansion.length > 0, churn: rows("churn", churn), expansion: rows("expansion", expansion) };
}
