import type { Metadata } from "next";
import { NoAccess } from "@/components/dashboard/no-access";
import { curlExample } from "@/components/api-keys/curl-example";
import Link from "next/link";
import { PageHeader } from "@/components/dashboard/page-header";
import { Badge, type BadgeVariant } from "@/components/ui/badge";
import { buttonClassName } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { QuotaBar } from "@/components/usage/quota-bar";
import { UsageChart } from "@/components/usage/usage-chart";
import { formatLimit, isPlanId, overagePriceText, UNLIMITED, USAGE_METRICS, type Currency, type PlanId, type UsageMetric } from "@/lib/plans";
import { env } from "@/server/env";
import { originFor } from "@/server/hosts/parse-host";
import { requireWorkspacePage } from "@/server/trpc/tenant-surface";

export const metadata: Metadata = { title: "Usage" };

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone: "UTC" });
const METRICS = Object.keys(USAGE_METRICS) as UsageMetric[];
const STATE: Record<"ok" | "warning" | "exceeded", [string, BadgeVariant]> = {
  ok: ["Within limit", "success"],
  warning: ["Nearing limit", "warning"],
  exceeded: ["Limit reached", "destructive"],
};

type Quota = { used: number; limit: number | typeof UNLIMITED; hard: boolean; state: "ok" | "warning" | "exceeded" };

/** What happens past the limit, in the metric's own words (a gauge is a level, not a count of requests). */
function limitNote(metric: UsageMetric, limit: number, hard: boolean, planId: PlanId, currency: Currency): string {
  const amount = formatLimit(limit);
  const price = overagePriceText(planId, currency);
  switch (metric) {
    case "api_calls":
      return `API calls past ${amount} this period are refused until the period resets.`;
    case "storage_gb":
      return hard ? `reports of more than ${amount} GB in use are refused until the period resets.` : `storage above ${amount} GB is still accepted and billed as overage.`;
    default:
      return hard
        ? `usage reports past ${amount} units are refused until the period resets.`
        : `units past ${amount} are still accepted and billed${price ? ` at ${price}` : " as overage"}.`;
  }
}

function MetricCard({ metric, quota, planId, currency }: { metric: UsageMetric; quota: Quota; planId: PlanId; currency: Currency }) {
  const label = USAGE_METRICS[metric].label;
  const unlimited = quota.limit === UNLIMITED;
  const [stateLabel, stateVariant] = STATE[quota.state];
  return (
    <Card data-testid={`usage-${metric}`}>
      <CardHeader className="pb-3 sm:pb-3">
        <div className="flex items-start justify-between gap-3">
          <CardDescription>{label}</CardDescription>
          <Badge variant={stateVariant}>{stateLabel}</Badge>
        </div>
        <CardTitle>
          <span className="text-2xl tabular-nums">{quota.used.toLocaleString("en-US")}</span>
          {unlimited ? null : <span className="text-base font-normal text-muted-foreground"> / {formatLimit(quota.limit)}</span>}
        </CardTitle>
      </CardHeader>
      <CardContent className="space-y-3 text-sm">
        {quota.limit === UNLIMITED ? (
          <p className="text-muted-foreground">Unlimited on your plan — no cap this period.</p>
        ) : (
          <>
            <QuotaBar used={quota.used} limit={quota.limit} label={`${label} used this period`} overage={!quota.hard} />
            <p className="text-muted-foreground" data-testid={`usage-${metric}-limit-note`}>
              <strong className="font-medium text-foreground">{quota.hard ? "Hard limit:" : "Overage billed:"}</strong> {limitNote(metric, quota.limit, quota.hard, planId, currency)}
            </p>
          </>
        )}
      </CardContent>
    </Card>
  );
}

/** Seats are counted from the members themselves, not reported. */
function SeatsCard({ members, limit }: { members: number; limit: number | typeof UNLIMITED }) {
  return (
    <Card data-testid="usage-seats">
      <CardHeader className="pb-3 sm:pb-3">
        <CardDescription>Members (seats)</CardDescription>
        <CardTitle>
          <span className="text-2xl tabular-nums">{members}</span>
          <span className="text-base font-normal text-muted-foreground"> / {formatLimit(limit)}</span>
        </CardTitle>
      </CardHeader>
      <CardContent className="text-sm text-muted-foreground">
        {limit === UNLIMITED ? "Unlimited seats on your plan." : <QuotaBar used={members} limit={limit} label="Seats in use" />}
      </CardContent>
    </Card>
  );
}

export default async function UsagePage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant, usage: summary, denied, timeZone } = await requireWorkspacePage((await params).tenant, { capability: "view" });
  if (denied) return <NoAccess denied={denied}>You cannot see this workspace&apos;s usage.</NoAccess>;
  // The frame read the snapshot already (a status that cannot view is `denied` above).
  if (!summary) throw new Error("Usage: no usage snapshot for a viewable workspace");
  const apiBase = `${originFor({ kind: "apex" }, env.ROOT_DOMAIN, env.PUBLIC_PROTOCOL)}/api/v1`;
  const empty = METRICS.every((m) => summary.usage[m].used === 0);
  const { start, end } = summary.period;

  return (
    <>
      <PageHeader
        title="Usage"
        description={
          <>
            Current period: <time dateTime={start.toISOString()}>{dateFormat.format(start)}</time> –{" "}
            <time dateTime={end.toISOString()}>{dateFormat.format(end)}</time> (UTC). Counters reset at the end of the period.
          </>
        }
      />
      <div className="space-y-8">
        <div className="grid gap-4 md:grid-cols-2">
          {METRICS.map((m) => (
            <MetricCard key={m} metric={m} quota={summary.usage[m]} planId={isPlanId(summary.tenant.planId) ? summary.tenant.planId : "starter"} currency={tenant.currency} />
          ))}
          <SeatsCard members={tenant.memberCount} limit={summary.limits.members} />
        </div>
        {empty ? (
          <EmptyState
            title="No usage yet this period"
            description="API calls are counted automatically. Report usage units from your product with POST /usage — for example:"
            action={
              <div className="flex w-full min-w-0 flex-col items-center gap-3">
                <pre className="w-full min-w-0 max-w-2xl overflow-x-auto rounded-md bg-muted p-3 text-left font-mono text-xs" aria-label="Example request">
                  <code>{curlExample(apiBase)}</code>
                </pre>
                <div className="flex flex-wrap justify-center gap-2">
                  <Link href="/dashboard/api-keys" className={buttonClassName()}>
                    Create an API key
                  </Link>
                  <Link href="/dashboard/api-reference" className={buttonClassName({ variant: "outline" })}>
                    API reference
                  </Link>
                </div>
              </div>
            }
          />
        ) : (
          <UsageChart timeZone={timeZone} />
        )}
      </div>
    </>
  );
}
