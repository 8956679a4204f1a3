import "server-only";
import { and, desc, eq, sql } from "drizzle-orm";
import { insightReports } from "../db/schema";
import { withTenant } from "../db/with-tenant";
import type { Locale } from "../../lib/i18n/locales";
import { reviveFacts } from "./insight-reports";
import { topInsight, type TopInsight } from "./top-insight";

/**
 * The Overview's top insight: one read of the newest finished report's facts (joining the page's
 * transaction when there is one), never an analysis. Null when there is no report or it found
 * nothing worth a card. Written in the reader's language.
 */
export async function latestTopInsight(tenantId: string, locale?: Locale): Promise<TopInsight | null> {
  const [row] = await withTenant(tenantId, (tx) =>
    tx
      // Only the parts the card reads: the charts' series and anomalies stay in the database.
      .select({
        facts: sql<Record<string, unknown>>`jsonb_build_object('rightSizing', ${insightReports.facts} -> 'rightSizing', 'forecasts', ${insightReports.facts} -> 'forecasts', 'hygiene', ${insightReports.facts} -> 'hygiene')`,
      })
      .from(insightReports)
      .where(and(eq(insightReports.tenantId, tenantId), eq(insightReports.status, "done")))
      .orderBy(desc(insightReports.createdAt))
      .limit(1),
  );
  if (!row?.facts) return null;
  return topInsight(reviveFacts(row.facts), locale);
}
