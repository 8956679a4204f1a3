import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import Link from "next/link";
import { NoAccess } from "@/components/dashboard/no-access";
import { PageHeader } from "@/components/dashboard/page-header";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { buttonClassName } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { INTL_LOCALE } from "@/lib/i18n/locales";
import { formatMoney } from "@/lib/plans";
import { isAppError } from "@/server/errors";
import { requireWorkspacePage } from "@/server/trpc/tenant-surface";
import { monthKey, monthsBack, parseMonth, workspaceSlaReport } from "@/server/sla/workspace-sla";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("BillingSla");
  return { title: t("title") };
}

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
  const t = await getTranslations("BillingSla");
  const locale = await getLocale();
  const tag = INTL_LOCALE[locale];
  const monthFormat = new Intl.DateTimeFormat(tag, { month: "long", year: "numeric", timeZone: "UTC" });
  const dateFormat = new Intl.DateTimeFormat(tag, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
  const num = (n: number) => n.toLocaleString(tag);
  const fixed = (n: number, digits: number) => n.toLocaleString(tag, { minimumFractionDigits: digits, maximumFractionDigits: digits });
  const latency = (ms: number | null) => (ms === null ? "—" : Number.isFinite(ms) ? t("latencyValue", { ms: num(ms) }) : t("latencyOver", { ms: num(5_000) }));
  if (denied) {
    return (
      <>
        <PageHeader title={t("title")} />
        <NoAccess denied={denied}>{t("noAccess")}</NoAccess>
      </>
    );
  }
  const features = usage?.features;
  if (!features?.sla99_9 && !features?.sla99_99) {
    return (
      <>
        <PageHeader title={t("title")} />
        <EmptyState
          title={t("noSlaTitle")}
          description={t("noSlaDescription")}
          action={
            <Link href="/dashboard/billing" className={buttonClassName({ variant: "primary" })}>
              {t("comparePlans")}
            </Link>
          }
        />
      </>
    );
  }
  // Months before the workspace existed have nothing to report: not offered.
  const created = tenant.createdAt.getTime();
  const months = monthsBack(12).filter((m, i) => i === 0 || m.end > created);
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
        title={t("title")}
        description={t("description", { plan: report.planName, target: report.target?.toLocaleString(tag) ?? "—" })}
        actions={
          <a href="/dashboard/sla/export" className={buttonClassName({ variant: "outline" })}>
            {t("export")}
          </a>
        }
      />
      {badMonth ? (
        <Alert variant="warning" className="mb-4">
          {badMonth} {t("showing", { month: monthFormat.format(chosen.start) })}
        </Alert>
      ) : null}
      <nav aria-label={t("month")} className="mb-6 flex flex-wrap gap-2">
        {months.map((m) => {
          const key = monthKey(m.start);
          const selected = m.start === chosen.start;
          return (
            <Link
              key={key}
              href={`/dashboard/sla?month=${key}`}
              aria-current={selected ? "page" : undefined}
              className={`rounded-md border px-2.5 py-1 text-sm pointer-coarse:py-2.5 ${selected ? "border-primary bg-primary text-primary-foreground" : "border-border hover:bg-muted"}`}
            >
              {monthFormat.format(m.start)}
            </Link>
          );
        })}
      </nav>
      <section aria-labelledby="sla-month" className="space-y-6">
        <h2 id="sla-month" className="flex flex-wrap items-center gap-2 text-lg font-semibold">
          {monthFormat.format(chosen.start)}
          {current ? <Badge variant="outline">{t("soFar")}</Badge> : null}
          {report.availability === null ? null : report.breached ? <Badge variant="destructive">{t("belowTarget")}</Badge> : <Badge variant="success">{t("targetMet")}</Badge>}
        </h2>
        {report.availability === null ? (
          <EmptyState title={t("nothingTitle")} description={t("nothingDescription")} />
        ) : (
          <>
            <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
              <Figure
                label={t("availability")}
                value={`${fixed(report.availability, 4)} %`}
                hint={t("availabilityHint", { bad: num(report.badMinutes), eligible: num(report.eligibleMinutes) })}
              />
              <Figure
                label={t("errorRate")}
                value={report.errorRate === null ? "—" : `${fixed(report.errorRate, 3)} %`}
                hint={t("errorRateHint", { errors: num(report.serverErrors), requests: num(report.requests) })}
              />
              <Figure label={t("latency")} value={`${latency(report.p95Ms)}`} hint={`p99 ${latency(report.p99Ms)}`} />
              <Figure
                label={t("creditLabel")}
                value={report.creditPercent === 0 ? t("noCredit") : `${num(report.creditPercent)} %`}
                hint={
                  report.creditPercent > 0 && report.creditCents !== null
                    ? t("creditHint", { amount: formatMoney(report.creditCents, report.currency, { locale }) })
                    : t("creditOwedWhen", { target: report.target?.toLocaleString(tag) ?? "—" })
                }
              />
            </div>
            <Card>
              <CardHeader>
                <CardTitle>{t("incidents")}</CardTitle>
                <CardDescription>{t("incidentsDescription")}</CardDescription>
              </CardHeader>
              <CardContent>
                {report.incidents.length === 0 ? (
                  <p className="text-sm text-muted-foreground">{t("noIncidents")}</p>
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
            <p className="text-sm text-muted-foreground">{t("badMinute")}</p>
          </>
        )}
      </section>
    </>
  );
}
