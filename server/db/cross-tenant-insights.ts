import "server-only";
import { sql } from "drizzle-orm";
import { getDb } from "./client";

// Insights' reads across workspaces (definer functions of drizzle/0042), the only callers of them.

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
