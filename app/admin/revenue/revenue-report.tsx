import { Card, CardContent, CardDescription, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { money, monthLabel, percent } from "@/components/operators/revenue/format";
import { MrrTrendChart, NetNewMrrChart, PlanMixChart } from "@/components/operators/revenue/revenue-charts";
import { MovementsTable, PlanMixTable } from "@/components/operators/revenue/revenue-tables";
import { getRevenueReport, type GetRevenueReportOptions } from "@/server/revenue/get-revenue-report";

/** The figures themselves, streamed in under the page's header once the aggregate read returns. */
export async function RevenueReport({ reader, months }: { reader: GetRevenueReportOptions["reader"]; months: number }) {
  const report = await getRevenueReport({ reader, months });
  const first = report.months[0];
  const last = report.months.at(-1);
  const rateMonth = report.latestRates.month ? monthLabel(report.latestRates.month) : "—";

  const kpis = [
    { label: "MRR", value: money(report.mrrCents), hint: "Monthly recurring revenue; yearly plans count a twelfth" },
    { label: "ARR", value: money(report.arrCents), hint: "12 × MRR" },
    { label: "Paying workspaces", value: report.payingAccounts.toLocaleString("en-US"), hint: "Active or past due on a paid plan" },
    { label: "ARPA", value: report.arpaCents === null ? "—" : money(report.arpaCents), hint: "MRR per paying workspace" },
    {
      label: "Trial to paid",
      value: percent(report.trialConversion.rate),
      hint: `${report.trialConversion.converted} of ${report.trialConversion.decided} decided trials (${report.trialConversion.running} still running)`,
    },
    { label: "Logo churn", value: percent(report.latestRates.logoChurnRate), hint: `Paying workspaces lost in ${rateMonth}` },
    { label: "Revenue churn", value: percent(report.latestRates.grossRevenueChurnRate), hint: `Gross MRR lost (churn + contraction) in ${rateMonth}` },
    { label: "Net revenue churn", value: percent(report.latestRates.netRevenueChurnRate), hint: `Less expansion, in ${rateMonth}; below 0 is growth` },
  ];
  const statuses = [
    { label: "Active", value: report.counts.active },
    { label: "Trialing", value: report.counts.trialing },
    { label: "Past due", value: report.counts.pastDue },
    { label: "Suspended", value: report.counts.suspended },
    { label: "Cancelled", value: report.counts.cancelled },
  ];

  return (
    <>
      <section aria-labelledby="kpis-heading">
        <h2 id="kpis-heading" className="sr-only">
          Key figures
        </h2>
        <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4">
          {kpis.map((k) => (
            <div key={k.label} className="rounded-md border border-border bg-card p-3 shadow-sm sm:p-4">
              <dt className="text-sm text-muted-foreground">{k.label}</dt>
              <dd className="mt-1 text-xl font-semibold tabular-nums sm:text-2xl" data-kpi={k.label}>
                {k.value}
              </dd>
              <dd className="mt-1 text-xs text-muted-foreground">{k.hint}</dd>
            </div>
          ))}
        </dl>
      </section>

      <Card>
        <CardHeader>
          <h2 className="text-lg font-semibold leading-tight tracking-tight">Workspaces by status</h2>
          <CardDescription>{report.counts.total.toLocaleString("en-US")} workspaces, deleted ones not counted.</CardDescription>
        </CardHeader>
        <CardContent>
          <dl className="grid grid-cols-2 gap-3 sm:grid-cols-5">
            {statuses.map((s) => (
              <div key={s.label} className="rounded-md bg-muted/50 p-3">
                <dt className="text-sm text-muted-foreground">{s.label}</dt>
                <dd className="text-xl font-semibold tabular-nums" data-status-count={s.label}>
                  {s.value.toLocaleString("en-US")}
                </dd>
              </div>
            ))}
          </dl>
        </CardContent>
      </Card>

      {!report.hasRevenue ? (
        <EmptyState
          data-testid="revenue-empty"
          title="No revenue yet"
          description="No workspace has paid for a plan. MRR, its movements by month and the plan mix appear here once the first one does."
        />
      ) : (
          <>
          <Card>
            <CardHeader>
              <h2 className="text-lg font-semibold leading-tight tracking-tight">MRR by month</h2>
              <CardDescription>
                {first && last ? `From ${money(first.openingMrrCents)} at the start of ${monthLabel(first.month)} to ${money(last.closingMrrCents)} now.` : null} The table under
                net new MRR lists every month&apos;s figures.
              </CardDescription>
            </CardHeader>
            <CardContent>
              <figure>
                <MrrTrendChart months={report.months} />
                <figcaption className="sr-only">MRR at the end of each month; the same figures are in the closing MRR column of the table below.</figcaption>
              </figure>
            </CardContent>
          </Card>

          <Card>
            <CardHeader>
              <h2 className="text-lg font-semibold leading-tight tracking-tight">Net new MRR</h2>
              <CardDescription>Each month&apos;s change in MRR: new workspaces, expansion, reactivation, contraction and churn.</CardDescription>
            </CardHeader>
            <CardContent className="space-y-4">
              <figure>
                <NetNewMrrChart months={report.months} />
                <figcaption className="sr-only">Net new MRR by month, split by kind; the table that follows lists the same figures.</figcaption>
              </figure>
              <MovementsTable months={report.months} />
            </CardContent>
          </Card>

          <Card>
            <CardHeader>
              <h2 className="text-lg font-semibold leading-tight tracking-tight">Plan mix</h2>
              <CardDescription>Paying workspaces and their MRR by plan and billing interval, now.</CardDescription>
            </CardHeader>
            <CardContent className="space-y-4">
              {report.planMix.length > 0 ? (
                  <>
                  <figure>
                    <PlanMixChart plans={report.planMix} />
                    <figcaption className="sr-only">MRR by plan; the table that follows lists the same figures.</figcaption>
                  </figure>
                  <PlanMixTable plans={report.planMix} />
                  </>
                ) : (
                  <p className="text-sm text-muted-foreground">No workspace pays right now.</p>
                )}
              </CardContent>
            </Card>
          </>
        )}
    </>
  );
}
