import type { Metadata } from "next";
import Link from "next/link";
import { NoAccess } from "@/components/dashboard/no-access";
import { PageHeader } from "@/components/dashboard/page-header";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { buttonClassName } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { formatMoney } from "@/lib/plans";
import { isAppError } from "@/server/errors";
import { requireWorkspacePage } from "@/server/trpc/tenant-surface";
import { monthKey, monthsBack, parseMonth, workspaceSlaReport } from "@/server/sla/workspace-sla";

export const metadata: Metadata = { title: "SLA" };

const monthFormat = new Intl.DateTimeFormat("en", { month: "long", year: "numeric", timeZone: "UTC" });
const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
const num = (n: number) => n.toLocaleString("en-US");
const latency = (ms: number | null) => (ms === null ? "—" : Number.isFinite(ms) ? `≤ ${num(ms)} ms` : "> 5,000 ms");

function Figure({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <Card>
      <CardHeader className="pb-3 sm:pb-3">
        <CardDescription>{label}</CardDescription>
        <CardTitle className="text-2xl tabular-nums">{value}</CardTitle>
      </CardHeader>
      {hint ? <CardContent className="text-sm text-muted-foreground">{hint}</CardContent> : null}
    </Card>
  );
}

/** The workspace's monthly SLA report (plans with an SLA): availability against the target, errors, latency, incidents and the credit owed. */
export default async function SlaPage({ params, searchParams }: { params: Promise<{ tenant: string }>; searchParams: Promise<{ month?: string }> }) {
  const { tenant, usage, denied } = await requireWorkspacePage((await params).tenant, { capability: "view", permission: "tenant:read" });
  if (denied) {
    return (
      <>
        <PageHeader title="SLA" />
        <NoAccess denied={denied}>You cannot see this workspace&apos;s SLA report.</NoAccess>
      </>
    );
  }
  const features = usage?.features;
  if (!features?.sla99_9 && !features?.sla99_99) {
    return (
      <>
        <PageHeader title="SLA" />
        <EmptyState
          title="Your plan has no uptime SLA"
          description="Pro promises 99.9 % monthly availability and Enterprise 99.99 %, with service credits when a month falls short. Monthly reports appear here."
          action={
            <Link href="/dashboard/billing" className={buttonClassName({ variant: "primary" })}>
              Compare plans
            </Link>
          }
        />
      </>
    );
  }
  const months = monthsBack(12);
  const { month: asked } = await searchParams;
  let chosen = months[0]!;
  let badMonth: string | null = null;
  if (asked !== undefined) {
    try {
      chosen = parseMonth(asked);
    } catch (error) {
      if (!isAppError(error)) throw error;
      badMonth = error.message;
    }
  }
  const report = await workspaceSlaReport({ tenantId: tenant.id, month: chosen });
  const current = chosen.start === months[0]!.start;
  return (
    <>
      <PageHeader
        title="SLA"
        description={`${report.planName}: ${report.target} % monthly availability. Times are UTC.`}
        actions={
          <a href="/dashboard/sla/export" className={buttonClassName({ variant: "outline" })}>
            Export CSV (12 months)
          </a>
        }
      />
      {badMonth ? (
        <Alert variant="warning" className="mb-4">
          {badMonth} Showing {monthFormat.format(chosen.start)}.
        </Alert>
      ) : null}
      <nav aria-label="Month" className="mb-6 flex flex-wrap gap-2">
        {months.map((m) => {
          const key = monthKey(m.start);
          const selected = m.start === chosen.start;
          return (
            <Link
              key={key}
              href={`/dashboard/sla?month=${key}`}
              aria-current={selected ? "page" : undefined}
              className={`rounded-md border px-2.5 py-1 text-sm ${selected ? "border-primary bg-primary text-primary-foreground" : "border-border hover:bg-muted"}`}
            >
              {monthFormat.format(m.start)}
            </Link>
          );
        })}
      </nav>
      <section aria-labelledby="sla-month" className="space-y-6">
        <h2 id="sla-month" className="flex flex-wrap items-center gap-2 text-lg font-semibold">
          {monthFormat.format(chosen.start)}
          {current ? <Badge variant="outline">so far</Badge> : null}
          {report.availability === null ? null : report.breached ? <Badge variant="destructive">below target</Badge> : <Badge variant="success">target met</Badge>}
        </h2>
        {report.availability === null ? (
          <EmptyState title="Nothing to report for this month" description="The workspace did not exist yet, or the month has not started." />
        ) : (
          <>
            <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
              <Figure label="Availability" value={`${report.availability.toFixed(4)} %`} hint={`${num(report.badMinutes)} bad of ${num(report.eligibleMinutes)} counted minutes`} />
              <Figure label="Error rate" value={report.errorRate === null ? "—" : `${report.errorRate.toFixed(3)} %`} hint={`${num(report.serverErrors)} server errors in ${num(report.requests)} requests`} />
              <Figure label="Latency p95 / p99" value={`${latency(report.p95Ms)}`} hint={`p99 ${latency(report.p99Ms)}`} />
              <Figure
                label="Service credit"
                value={report.creditPercent === 0 ? "None owed" : `${report.creditPercent} %`}
                hint={report.creditPercent > 0 && report.creditCents !== null ? `${formatMoney(report.creditCents, report.currency)} of this month's fee` : `Owed when availability falls below ${report.target} %`}
              />
            </div>
            <Card>
              <CardHeader>
                <CardTitle>Incidents</CardTitle>
                <CardDescription>Platform incidents that overlapped this month.</CardDescription>
              </CardHeader>
              <CardContent>
                {report.incidents.length === 0 ? (
                  <p className="text-sm text-muted-foreground">No incidents this month.</p>
                ) : (
                  <ul className="space-y-2 text-sm">
                    {report.incidents.map((incident) => (
                      <li key={`${incident.start}-${incident.title}`}>
                        <span className="font-medium">{incident.title}</span>{" "}
                        <span className="text-muted-foreground">
                          {dateFormat.format(incident.start)} – {dateFormat.format(incident.end)}
                        </span>
                      </li>
                    ))}
                  </ul>
                )}
              </CardContent>
            </Card>
            <p className="text-sm text-muted-foreground">
              A minute counts as bad when our monitoring found the platform down, or when at least 5 % of at least 5 of your requests in it failed with a server error. Announced maintenance and
              minutes before the workspace existed do not count.
            </p>
          </>
        )}
      </section>
    </>
  );
}
