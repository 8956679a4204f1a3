import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { listInsightRankings } from "@/server/operators/list-insight-rankings";
import { consoleOperator } from "../console-operator";
import { InsightRankTable } from "./insight-rank-table";
import { ConsolePageHeader } from "../console-page-header";

// A generic title: the page must not reveal itself to non-operators (they get not-found).
export const metadata: Metadata = { title: "Atrium" };

/**
 * Operators (any role): the workspaces most likely to churn and the best expansion candidates,
 * ranked by the scores of each workspace's latest analysis (the nightly job or "Analyse now"),
 * each with the reasons behind its score (server/insights/analysis/churn-risk.ts). One audited
 * read per list (drizzle/0043).
 */
export default async function OperatorInsightsPage() {
  const access = await consoleOperator();
  if (!access) return null;
  const rankings = await listInsightRankings(access.reader);
  return (
    <main id="main" className="mx-auto max-w-7xl space-y-8 px-4 py-8 sm:py-10">
      <ConsolePageHeader
        title="Churn risk and expansion"
        description="Workspaces ranked by the scores of their latest analysis (0–100, each the sum of the reasons shown, with their points). Analyses run nightly and when a workspace asks for one."
      />

      {!rankings.analysed ? (
        <EmptyState headingLevel={2} title="No analysis has run yet" description="Scores appear here once the nightly insights job (or a workspace's “Analyse now”) has analysed a workspace." />
      ) : (
        <>
          <section aria-labelledby="churn-risk" className="space-y-3">
            <h2 id="churn-risk" className="text-lg font-semibold">
              Churn risk
            </h2>
            {rankings.churn.length ? (
              <InsightRankTable rows={rankings.churn} caption="Workspaces by churn risk, highest first" scoreLabel="Risk" />
            ) : (
              <EmptyState title="No workspace shows a sign of churning" description="No analysed workspace has falling usage, silent members, failed payments, removed seats or a downgrade." />
            )}
          </section>
          <section aria-labelledby="expansion-candidates" className="space-y-3">
            <h2 id="expansion-candidates" className="text-lg font-semibold">
              Expansion candidates
            </h2>
            {rankings.expansion.length ? (
              <InsightRankTable rows={rankings.expansion} caption="Workspaces by expansion potential, highest first" scoreLabel="Potential" />
            ) : (
              <EmptyState title="No expansion candidate yet" description="No analysed workspace is near its limits, growing or adding seats." />
            )}
          </section>
        </>
      )}
    </main>
  );
}
