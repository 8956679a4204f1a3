import type { Metadata } from "next";
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
import { ROLE_LABELS } from "@/lib/permissions";
import { getOnboardingChecklist } from "@/server/tenants/onboarding-checklist";
import { latestTopInsight } from "@/server/insights/latest-top-insight";
import { overviewActivity } from "@/server/tenants/overview-activity";
import { attentionItems, AttentionList, RecentActivity, Sparkline } from "@/components/dashboard/overview-parts";
import { pageReads, requireWorkspacePage } from "@/server/trpc/tenant-surface";

export const metadata: Metadata = { title: "Overview" };

const STATUS_LABELS = {
  trialing: { label: "Trial", variant: "default" },
  active: { label: "Active", variant: "success" },
  past_due: { label: "Past due", variant: "warning" },
  suspended: { label: "Suspended", variant: "destructive" },
  cancelled: { label: "Cancelled", variant: "outline" },
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

export default async function OverviewPage({ params, searchParams }: Props) {
  const { ctx, tenant, usage: snapshot, denied, timeZone } = await requireWorkspacePage((await params).tenant, { capability: "view" });
  if (denied) return <NoAccess denied={denied}>You cannot see this workspace&apos;s overview.</NoAccess>;
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
        canSetUp ? latestTopInsight(tenant.id) : null,
        overviewActivity(tenant.id, snapshot.period.start, hasPermission(tenant.role, "audit:read")),
      ]),
    ),
    searchParams,
  ]);
  const { usage, limits } = snapshot;
  const onboarding = onboardingStateOf(tenant);
  const remaining = checklist.filter((item) => !item.done).length;
  const status = STATUS_LABELS[tenant.status];
  const trialDays = tenant.status === "trialing" ? daysLeft(tenant.trialEndsAt) : null;
  const attention = attentionItems({ status: tenant.status, trialDaysLeft: trialDays, canManageBilling: hasPermission(tenant.role, "billing:manage"), usage });
  // One account of the setup: the checklist, while the guided setup is not finished (or dismissed).
  const nextStep = checklist.find((item) => !item.done);
  const showSetup = canSetUp && !onboarding.completedAt && remaining > 0;
  return (
    <>
      <PageHeader title={tenant.name} description={ctx.user.support ? "You are viewing this workspace as platform support, with its owner's view." : `Your role: ${ROLE_LABELS[tenant.role]}.`} />
      {query.setup === "done" ? (
        <Alert variant="success" title="Your workspace is set up" className="mb-6">
          Everything from the setup can be changed later under Settings, Members, Billing and API keys.
        </Alert>
      ) : null}
      {showSetup ? (
        <section aria-labelledby="setup-heading" className="mb-6 rounded-lg border border-primary/30 bg-primary/5 p-4 sm:p-6" data-testid="setup-card">
          <div className="flex flex-wrap items-start justify-between gap-4">
            <div>
              <h2 id="setup-heading" className="font-semibold">
                Get set up <span className="text-sm font-normal text-muted-foreground">({checklist.length - remaining} of {checklist.length} done)</span>
              </h2>
              {nextStep ? <p className="text-sm text-muted-foreground">Next: {nextStep.label}</p> : null}
            </div>
            <div className="flex gap-2">
              <DismissSetup />
              <Link href="/dashboard/onboarding" className={buttonClassName({})}>
                Continue setup
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
                  <span className="text-muted-foreground line-through">{item.label}</span>
                ) : (
                  <Link href={item.href} className="font-medium text-primary underline-offset-4 hover:underline">
                    {item.label}
                  </Link>
                )}
                <span className="sr-only">{item.done ? "(done)" : "(to do)"}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <AttentionList items={attention} />
      <dl className="grid gap-4 sm:grid-cols-3">
        <Stat label="Status">
          <Badge variant={status.variant}>{status.label}</Badge>
        </Stat>
        <Stat label="Trial" testId="trial-days">
          {trialDays === null ? "—" : `${trialDays} day${trialDays === 1 ? "" : "s"} left`}
        </Stat>
        <Stat label="Members" testId="member-count">
          {tenant.memberCount}
          <span className="text-sm font-normal text-muted-foreground"> / {formatLimit(limits.members)}</span>
        </Stat>
        {(Object.keys(USAGE_METRICS) as UsageMetric[]).map((metric) => (
          <Stat key={metric} label={`${USAGE_METRICS[metric].label} this period`} testId={`overview-${metric}`}>
            {usage[metric].used.toLocaleString("en-US")}
            <span className="text-sm font-normal text-muted-foreground"> / {formatLimit(usage[metric].limit)}</span>
            <Sparkline points={activity.daily[metric]} label={USAGE_METRICS[metric].label} />
          </Stat>
        ))}
      </dl>
      {insight ? <TopInsightCard insight={insight} /> : null}
      {activity.recent ? <RecentActivity events={activity.recent} timeZone={timeZone} /> : null}
    </>
  );
}
