import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { Card, CardContent, CardDescription, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { OperatorSecondFactorNotice } from "@/components/operators/second-factor-notice";
import { money, monthLabel, percent } from "@/components/operators/revenue/format";
import { MrrTrendChart, NetNewMrrChart, PlanMixChart } from "@/components/operators/revenue/revenue-charts";
import { MovementsTable, PlanMixTable } from "@/components/operators/revenue/revenue-tables";
import { operatorAccess } from "@/server/auth/operator-access";
import { env } from "@/server/env";
import { originFor } from "@/server/hosts/parse-host";
import { getRevenueReport } from "@/server/revenue/get-revenue-report";

// A generic title: the page must not reveal itself to non-operators (they get not-found).
export const metadata: Metadata = { title: "Atrium" };

const RANGES = [6, 12, 24] as const;
// Anything else in ?months= (text, 0, 10^9, a list) falls back to a year rather than failing.
const ZMonths = z.coerce
  .number()
  .int()
  .refine((n) => (RANGES as readonly number[]).includes(n))
  .catch(12);

/** Operators (any role): MRR and its movements, workspaces by status, trial conversion, plan mix and churn. */
export default async function OperatorRevenuePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const access = await operatorAccess();
  if (access.kind === "none") notFound();
  if (access.kind === "needs-second-factor") {
    return <OperatorSecondFactorNotice accountUrl={`${originFor({ kind: "apex" }, env.ROOT_DOMAIN, env.PUBLIC_PROTOCOL)}/account#two-factor`} />;
  }
  const months = ZMonths.parse((await searchParams).months);
  const report = await getRevenueReport({ operatorUserId: access.user.id, months });
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
    <main className="mx-auto max-w-6xl space-y-6 px-4 py-8 sm:py-10">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <p className="text-sm font-semibold text-muted-foreground">
            <Link href="/" className="hover:underline">
              Operator console
            </Link>
          </p>
          <h1 className="mt-1 text-3xl font-bold tracking-tight">Revenue</h1>
          <p className="mt-2 text-muted-foreground">All workspaces, calendar months in UTC. Figures are recurring revenue, not cash: one-off charges and prorations are left out.</p>
        </div>
        <nav aria-label="Period" className="inline-flex rounded-md border border-border p-0.5">
          {RANGES.map((range) => (
            <Link
              key={range}
              href={`/revenue?months=${range}`}
              aria-current={range === months ? "page" : undefined}
              className={
                range === months
                  ? "rounded bg-primary px-3 py-1.5 text-sm text-primary-foreground"
                  : "rounded px-3 py-1.5 text-sm text-muted-foreground hover:text-foreground focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none"
              }
            >
              {range} months
            </Link>
          ))}
        </nav>
      </div>

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
    </main>
  );
}
