import "server-only";
import { sql } from "drizzle-orm";
import { getDb } from "./client";
import type { TenantStatus } from "./schema/tenants";

// Insights' reads across workspaces (definer functions of drizzle/0042-0044), the only callers of them.

/** The nightly analysis's next workspaces: none analysed since `before`, the longest waiting first. */
export async function listWorkspacesDueForInsights(before: Date, limit: number): Promise<string[]> {
  const rows = await getDb().execute<{ tenant_id: string }>(sql`select tenant_id from atrium_insight_workspaces_due(${before.toISOString()}::timestamptz, ${limit})`);
  return rows.map((r) => r.tenant_id);
}

/** The weekly digest's workspaces (drizzle/0044): live, with an analysis finished since `since`; by id, after `afterId`. */
export async function listWorkspacesForInsightDigest(since: Date, afterId: string | null, limit: number): Promise<string[]> {
  const rows = await getDb().execute<{ tenant_id: string }>(sql`select tenant_id from atrium_insight_digest_workspaces(${since.toISOString()}::timestamptz, ${afterId}::uuid, ${limit})`);
  return rows.map((r) => r.tenant_id);
}

export type InsightScoreKind = "churn" | "expansion";

export type OperatorInsightScoreRow = {
  tenantId: string;
  slug: string;
  name: string;
  planId: string | null;
  status: TenantStatus;
  churnScore: number | null;
  expansionScore: number | null;
  /** The stored facts' reasons (churn-risk.ts's ChurnReason / ExpansionReason), as JSON. */
  churnReasons: unknown[];
  expansionReasons: unknown[];
  computedAt: Date;
};

/**
 * The console's ranked insight lists (drizzle/0043): every workspace's latest finished analysis,
 * highest `kind` score first, at most `limit` (1–200) rows. Audited as `insights.read`; refused
 * (42501) without an operator's console session, 22023 for a kind or limit out of range.
 */
export async function operatorInsightScores(call: { sessionId: string; kind: InsightScoreKind; limit: number; meta: { ip: string | null; userAgent: string | null } }): Promise<OperatorInsightScoreRow[]> {
  const rows = await getDb().execute<{
    tenant_id: string;
    slug: string;
    name: string;
    plan_id: string | null;
    status: TenantStatus;
    churn_score: number | null;
    expansion_score: number | null;
    churn_reasons: unknown[] | null;
    expansion_reasons: unknown[] | null;
    computed_at: string;
  }>(sql`
    select tenant_id, slug, name, plan_id, status, churn_score, expansion_score, churn_reasons, expansion_reasons, computed_at::text
    from atrium_operator_insight_scores(${call.sessionId}::uuid, ${call.kind}, ${call.limit}::integer, ${JSON.stringify(call.meta)}::jsonb)`);
  return rows.map((r) => ({
    tenantId: r.tenant_id,
    slug: r.slug,
    name: r.name,
    planId: r.plan_id,
    status: r.status,
    churnScore: r.churn_score,
    expansionScore: r.expansion_score,
    churnReasons: Array.isArray(r.churn_reasons) ? r.churn_reasons : [],
    expansionReasons: Array.isArray(r.expansion_reasons) ? r.expansion_reasons : [],
    computedAt: new Date(r.computed_at),
  }));
}
