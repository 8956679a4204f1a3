import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
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
import { INTL_LOCALE, type Locale } from "@/lib/i18n/locales";
import { formatLimit, formatMoney, isPlanId, overageCentsPerThousand, UNLIMITED, USAGE_METRICS, type Currency, type PlanId, type UsageMetric } from "@/lib/plans";
import { env } from "@/server/env";
import { originFor } from "@/server/hosts/parse-host";
import { requireWorkspacePage } from "@/server/trpc/tenant-surface";
import { withClientMessages } from "@/components/i18n/client-messages";
import { TrpcQueryProvider } from "@/components/trpc/client";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("BillingUsage");
  return { title: t("title") };
}

const METRICS = Object.keys(USAGE_METRICS) as UsageMetric[];
const STATE_VARIANT: Record<"ok" | "warning" | "exceeded", BadgeVariant> = { ok: "success", warning: "warning", exceeded: "destructive" };
type T = Awaited<ReturnType<typeof getTranslations<"BillingUsage">>>;

type Quota = { used: number; limit: number | typeof UNLIMITED; hard: boolean; state: "ok" | "warning" | "exceeded" };

/** What happens past the limit, in the metric's own words (a gauge is a level, not a count of requests). */
function limitNote(t: T, locale: Locale, metric: UsageMetric, limit: number, hard: boolean, planId: PlanId, currency: Currency): string {
  const amount = formatLimit(limit, locale);
  const cents = overageCentsPerThousand(planId, currency);
  switch (metric) {
    case "api_calls":
      return t("limitNote.apiCalls", { amount });
    case "storage_gb":
      return hard ? t("limitNote.storageHard", { amount }) : t("limitNote.storageOverage", { amount });
    default:
      if (hard) return t("limitNote.unitsHard", { amount });
      return cents !== undefined ? t("limitNote.unitsOveragePrice", { amount, price: formatMoney(cents, currency, { cents: true, locale }) }) : t("limitNote.unitsOverage", { amount });
  }
}

async function MetricCard({ metric, quota, planId, currency }: { metric: UsageMetric; quota: Quota; planId: PlanId; currency: Currency }) {
  const t = await getTranslations("BillingUsage");
  const locale = await getLocale();
  const label = t(`metric.${metric}`);
  const unlimited = quota.limit === UNLIMITED;
  const stateLabel = t(`state.${quota.state}`);
  const stateVariant = STATE_VARIANT[quota.state];
  return (
    <Card data-testid={`usage-${metric}`}>
      <CardHeader className="pb-3 sm:pb-3">
        <div className="flex items-start justify-between gap-3">
          <CardDescription>{label}</CardDescription>
          <Badge variant={stateVariant}>{stateLabel}</Badge>
        </div>
        <CardTitle>
          <span className="text-2xl tabular-nums">{quota.used.toLocaleString(INTL_LOCALE[locale])}</span>
          {unlimited ? null : <span className="text-base font-normal text-muted-foreground"> / {formatLimit(quota.limit, locale)}</span>}
        </CardTitle>
      </CardHeader>
      <CardContent className="space-y-3 text-sm">
        {quota.limit === UNLIMITED ? (
          <p className="text-muted-foreground">{t("unlimited")}</p>
        ) : (
          <>
            <QuotaBar used={quota.used} limit={quota.limit} label={t("usedThisPeriod", { metric: label })} overage={!quota.hard} />
            <p className="text-muted-foreground" data-testid={`usage-${metric}-limit-note`}>
              <strong className="font-medium text-foreground">{quota.hard ? t("hardLimit") : t("overageBilled")}</strong> {limitNote(t, locale, metric, quota.limit, quota.hard, planId, currency)}
            </p>
          </>
        )}
      </CardContent>
    </Card>
  );
}

/** Seats are counted from the members themselves, not reported. */
async function SeatsCard({ members, limit }: { members: number; limit: number | typeof UNLIMITED }) {
  const t = await getTranslations("BillingUsage");
  const locale = await getLocale();
  return (
    <Card data-testid="usage-seats">
      <CardHeader className="pb-3 sm:pb-3">
        <CardDescription>{t("seats")}</CardDescription>
        <CardTitle>
          <span className="text-2xl tabular-nums">{members}</span>
          <span className="text-base font-normal text-muted-foreground"> / {formatLimit(limit, locale)}</span>
        </CardTitle>
      </CardHeader>
      <CardContent className="text-sm text-muted-foreground">
        {limit === UNLIMITED ? t("unlimitedSeats") : <QuotaBar used={members} limit={limit} label={t("seatsInUse")} />}
      </CardContent>
    </Card>
  );
}

async function UsagePage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant, usage: summary, denied, timeZone } = await requireWorkspacePage((await params).tenant, { capability: "view" });
  const t = await getTranslations("BillingUsage");
  const locale = await getLocale();
  const dateFormat = new Intl.DateTimeFormat(INTL_LOCALE[locale], { dateStyle: "medium", timeZone: "UTC" });
  if (denied) return <NoAccess denied={denied} title={t("title")}>{t("noAccess")}</NoAccess>;
  // The frame read the snapshot already (a status that cannot view is `denied` above).
  if (!summary) throw new Error("Usage: no usage snapshot for a viewable workspace");
  const apiBase = `${originFor({ kind: "apex" }, env.ROOT_DOMAIN, env.PUBLIC_PROTOCOL)}/api/v1`;
  const empty = METRICS.every((m) => summary.usage[m].used === 0);
  const { start, end } = summary.period;

  return (
    <TrpcQueryProvider>
      <PageHeader
        title={t("title")}
        description={t.rich("period", {
          start: dateFormat.format(start),
          end: dateFormat.format(end),
          from: (chunks) => <time dateTime={start.toISOString()}>{chunks}</time>,
          to: (chunks) => <time dateTime={end.toISOString()}>{chunks}</time>,
        })}
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
            title={t("emptyTitle")}
            description={t("emptyDescription")}
            action={
              <div className="flex w-full min-w-0 flex-col items-center gap-3">
                <pre className="w-full min-w-0 max-w-2xl overflow-x-auto rounded-md bg-muted p-3 text-left font-mono text-xs" aria-label={t("exampleRequest")}>
                  <code>{curlExample(apiBase)}</code>
                </pre>
                <div className="flex flex-wrap justify-center gap-2">
                  <Link href="/dashboard/api-keys" className={buttonClassName()}>
                    {t("createKey")}
                  </Link>
                  <Link href="/dashboard/api-reference" className={buttonClassName({ variant: "outline" })}>
                    {t("apiReference")}
                  </Link>
                </div>
              </div>
            }
          />
        ) : (
          <UsageChart timeZone={timeZone} />
        )}
      </div>
    </TrpcQueryProvider>
  );
}

export default withClientMessages(["BillingUsage", "BillingChart"], UsagePage);
