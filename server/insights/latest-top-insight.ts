import "server-only";
import { and, desc, eq } from "drizzle-orm";
import { insightReports } from "../db/schema";
import { withTenant } from "../db/with-tenant";
import type { InsightFacts } from "./analyse-workspace";
import { topInsight, type TopInsight } from "./top-insight";

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/**
 * The Overview's top insight: one read of the newest finished report's facts (joining the page's
 * transaction when there is one), never an analysis. Null when there is no report or it found
 * nothing worth a card.
 */
export async function latestTopInsight(tenantId: string): Promise<TopInsight | null> {
  const [row] = await withTenant(tenantId, (tx) =>
    tx
      .select({ facts: insightReports.facts })
      .from(insightReports)
      .where(and(eq(insightReports.tenantId, tenantId), eq(insightReports.status, "done")))
      .orderBy(desc(insightReports.createdAt))
      .limit(1),
  );
  if (!row?.facts) return null;
  // Stored facts are JSON: their dates come back as Date objects.
  const facts = JSON.parse(JSON.stringify(row.facts), (_key, value: unknown) => (typeof value === "string" && ISO.test(value) ? new Date(value) : value)) as InsightFacts;
  return topInsight(facts);
}
