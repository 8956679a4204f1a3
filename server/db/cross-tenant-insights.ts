import "server-only";
import { sql } from "drizzle-orm";
import { getDb } from "./client";

// Insights' reads across workspaces (definer functions of drizzle/0042), the only callers of them.

/** The nightly analysis's next workspaces: none analysed since `before`, the longest waiting first. */
export async function listWorkspacesDueForInsights(before: Date, limit: number): Promise<string[]> {
  const rows = await getDb().execute<{ tenant_id: string }>(sql`select tenant_id from atrium_insight_workspaces_due(${before.toISOString()}::timestamptz, ${limit})`);
  return rows.map((r) => r.tenant_id);
}
