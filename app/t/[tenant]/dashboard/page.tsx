import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { NoAccess } from "@/components/dashboard/no-access";
import { PageHeader } from "@/components/dashboard/page-header";
import Link from "next/link";
import type { ReactNode } from "react";
import { DismissSetup } from "@/components/onboarding/dismiss-setup";
import { TopInsightCard } from "@/components/insights/top-insight-card";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { buttonClassName } from "@/components/ui/button";
import { hasPermission } from "@/lib/permissions";
import { onboardingStateOf } from "@/server/tenants/onboarding";
import { formatLimit, USAGE_METRICS, type UsageMetric } from "@/lib/plans";
import { INTL_LOCALE } from "@/lib/i18n/locales";
import { getOnboardingChecklist } from "@/server/tenants/onboarding-checklist";
import { latestTopInsight } from "@/server/insights/latest-top-insight";
import { overviewActivity } from "@/server/tenants/overview-activity";
import { attentionItems, AttentionList, RecentActivity, Sparkline } from "@/components/dashboard/overview-parts";
import { pageReads, requireWorkspacePage } from "@/server/trpc/tenant-surface";
import { withClientMessages } from "@/components/i18n/client-messages";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("DashboardOverview");
  return { title: t("title") };
}

const STATUS_VARIANTS = {
  trialing: "default",
  active: "success",
  past_due: "warning",
  suspended: "destructive",
  cancelled: "outline",
} as const;

function Stat({ label, testId, children }: { label: string; testId?: string; children: ReactNode }) {
  return (
    <div className="rounded-lg border border-border bg-card p-4 shadow-sm sm:p-6">
      <dt className="text-sm text-muted-foreground">{label}</dt>
      <dd className="mt-1.5 text-lg font-semibold" data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}

function daysLeft(until: Date | null): number | null {
  if (!until) return null;
  return Math.max(0, Math.ceil((until.getTime() - Date.now()) / 86_400_000));
}

type Props = { params: Promise<{ tenant: string }>; searchParams: Promise<Record<string, string | undefined>> };

async function OverviewPage({ params, searchParams }: Props) {
  const { ctx, tenant, usage: snapshot, denied, timeZone } = await requireWorkspacePage((await params).tenant, { capability: "view" });
  const [t, d, locale] = await Promise.all([getTranslations("DashboardOverview"), getTranslations("Dashboard"), getLocale()]);
  if (denied) return <NoAccess denied={denied} title={t("title")}>{t("denied")}</NoAccess>;
  // The frame has no usage only for a status that cannot view, which `denied` already covers.
  if (!snapshot) throw new Error("Overview: no usage snapshot for a viewable workspace");
  const canSetUp = hasPermission(tenant.role, "tenant:update");
  // The frame read the workspace row and the usage snapshot; the page's own reads share one more
  // transaction: the checklist's statement, for owners and admins one read of the latest insight
  // report (never an analysis), the period's daily usage, and for audit readers the newest events.
  const [[checklist, insight, activity], query] = await Promise.all([
    pageReads(tenant.id, () =>
      Promise.all([
        getOnboardingChecklist(tenant),
        canSetUp ? latestTopInsight(tenant.id, locale) : null,
        overviewActivity(tenant.id, snapshot.period.start, hasPermission(tenant.role, "audit:read")),
      ]),
    ),
    searchParams,
  ]);
  const { usage, limits } = snapshot;
  const onboarding = onboardingStateOf(tenant);
  const remaining = checklist.filter((item) => !item.done).length;
  const trialDays = tenant.status === "trialing" ? daysLeft(tenant.trialEndsAt) : null;
  const attention = await attentionItems({ status: tenant.status, trialDaysLeft: trialDays, canManageBilling: hasPermission(tenant.role, "billing:manage"), usage });
  // One account of the setup: the checklist, while the guided setup is not finished (or dismissed).
  const nextStep = checklist.find((item) => !item.done);
  const showSetup = canSetUp && !onboarding.completedAt && remaining > 0;
  return (
    <>
      <PageHeader title={tenant.name} description={ctx.user.support ? t("supportView") : t("yourRole", { role: d(`role.${tenant.role}`) })} />
      {query.setup === "done" ? (
        <Alert variant="success" title={t("setupDoneTitle")} className="mb-6">
          {t("setupDoneBody")}
        </Alert>
      ) : null}
      {showSetup ? (
        <section aria-labelledby="setup-heading" className="mb-6 rounded-lg border border-primary/30 bg-primary/5 p-4 sm:p-6" data-testid="setup-card">
          <div className="flex flex-wrap items-start justify-between gap-4">
            <div>
              <h2 id="setup-heading" className="font-semibold">
                {t("setupHeading")}{" "}
                <span className="text-sm font-normal text-muted-foreground">{t("setupProgress", { done: String(checklist.length - remaining), total: String(checklist.length) })}</span>
              </h2>
              {nextStep ? <p className="text-sm text-muted-foreground">{t("nextStep", { step: t(`checklist.${nextStep.id}`) })}</p> : null}
            </div>
            <div className="flex gap-2">
              <DismissSetup />
              <Link href="/dashboard/onboarding" className={buttonClassName({})}>
                {t("continueSetup")}
              </Link>
            </div>
          </div>
          <ul className="mt-3 space-y-2" data-testid="setup-checklist">
            {checklist.map((item) => (
              <li key={item.id} className="flex items-center gap-3 text-sm">
                <span aria-hidden className={item.done ? "text-success" : "text-muted-foreground"}>
                  {item.done ? "✓" : "○"}
                </span>
                {item.done ? (
                  <span className="text-muted-foreground line-through">{t(`checklist.${item.id}`)}</span>
                ) : (
                  <Link href={item.href} className="font-medium text-primary underline-offset-4 hover:underline pointer-coarse:inline-flex pointer-coarse:min-h-10 pointer-coarse:items-center">
                    {t(`checklist.${item.id}`)}
                  </Link>
                )}
                <span className="sr-only">{item.done ? t("itemDone") : t("itemToDo")}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <AttentionList items={attention} />
      <dl className="grid gap-4 sm:grid-cols-3">
        <Stat label={t("statStatus")}>
          <Badge variant={STATUS_VARIANTS[tenant.status]}>{t(`status.${tenant.status}`)}</Badge>
        </Stat>
        {/* Only during a trial: a paid workspace has no trial to count down. */}
        {trialDays === null ? null : (
          <Stat label={t("statTrial")} testId="trial-days">
            {t("daysLeft", { count: trialDays })}
          </Stat>
        )}
        <Stat label={t("statMembers")} testId="member-count">
          {tenant.memberCount}
          <span className="text-sm font-normal text-muted-foreground"> / {formatLimit(limits.members, locale)}</span>
        </Stat>
        {(Object.keys(USAGE_METRICS) as UsageMetric[]).map((metric) => (
          <Stat key={metric} label={t("metricThisPeriod", { metric: d(`metric.${metric}`) })} testId={`overview-${metric}`}>
            {usage[metric].used.toLocaleString(INTL_LOCALE[locale])}
            <span className="text-sm font-normal text-muted-foreground"> / {formatLimit(usage[metric].limit, locale)}</span>
            <Sparkline points={activity.daily[metric]} label={d(`metric.${metric}`)} />
          </Stat>
        ))}
      </dl>
      {insight ? <TopInsightCard insight={insight} /> : null}
      {activity.recent ? <RecentActivity events={activity.recent} timeZone={timeZone} /> : null}
    </>
  );
}

export default withClientMessages(["DashboardOnboarding"], OverviewPage);
