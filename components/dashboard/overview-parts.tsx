import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { getLocale, getTranslations } from "next-intl/server";
import { INTL_LOCALE } from "@/lib/i18n/locales";
import { formatInZone } from "@/lib/time-zone";
import { describeAuditEvent } from "@/components/audit/describe-event";
import { Alert } from "@/components/ui/alert";
import { USAGE_METRICS, type UsageMetric } from "@/lib/plans";

// The Overview's sections besides its figures: what needs attention, a sparkline per metric and
// the newest audit events. Server components, no client code.

/** This period's days of one metric as a small line; a text summary for screen readers. */
export function Sparkline({ points, label }: { points: { day: string; value: number }[]; label: string }) {
  const t = useTranslations("DashboardOverview");
  const locale = useLocale();
  if (points.length < 2) return null;
  const max = Math.max(1, ...points.map((p) => p.value));
  const w = 120;
  const h = 28;
  const step = w / (points.length - 1);
  const path = points.map((p, i) => `${i === 0 ? "M" : "L"}${(i * step).toFixed(1)},${(h - 2 - (p.value / max) * (h - 4)).toFixed(1)}`).join(" ");
  const last = points[points.length - 1]!;
  return (
    <svg viewBox={`0 0 ${w} ${h}`} width={w} height={h} role="img" aria-label={t("sparkline", { metric: label, days: String(points.length), latest: last.value.toLocaleString(INTL_LOCALE[locale]), peak: max.toLocaleString(INTL_LOCALE[locale]) })} className="mt-2 text-primary" data-testid="sparkline">
      <path d={path} fill="none" stroke="currentColor" strokeWidth={1.5} strokeLinejoin="round" strokeLinecap="round" />
    </svg>
  );
}

export type Attention = { id: string; title: string; body: string; href: string; action: string; variant: "warning" | "error" };

type AttentionInput = {
  status: string;
  trialDaysLeft: number | null;
  canManageBilling: boolean;
  usage: Record<UsageMetric, { used: number; limit: number | "unlimited"; state: "ok" | "warning" | "exceeded"; hard: boolean }>;
};

/** What needs someone's attention now, most urgent first; empty when all is well. */
export async function attentionItems({ status, trialDaysLeft, canManageBilling, usage }: AttentionInput): Promise<Attention[]> {
  const [t, d] = await Promise.all([getTranslations("DashboardOverview"), getTranslations("Dashboard")]);
  const items: Attention[] = [];
  if (status === "past_due") {
    items.push({ id: "past-due", title: t("pastDueTitle"), body: t("pastDueBody"), href: "/dashboard/billing", action: canManageBilling ? t("updatePayment") : t("seeBilling"), variant: "error" });
  }
  if (status === "trialing" && trialDaysLeft !== null && trialDaysLeft <= 3) {
    items.push({ id: "trial", title: t("trialEnds", { days: trialDaysLeft }), body: t("trialBody"), href: "/dashboard/billing", action: t("choosePlan"), variant: "warning" });
  }
  for (const metric of Object.keys(USAGE_METRICS) as UsageMetric[]) {
    const q = usage[metric];
    if (q.limit === "unlimited" || q.state === "ok") continue;
    const label = d(`metric.${metric}`);
    const share = Math.round((q.used / q.limit) * 100);
    items.push({
      id: `quota-${metric}`,
      title: q.state === "exceeded" ? t("quotaReached", { metric: label }) : t("quotaShare", { metric: label, share: String(share) }),
      body: q.hard ? t("quotaHard") : t("quotaSoft"),
      href: "/dashboard/usage",
      action: t("seeUsage"),
      variant: q.state === "exceeded" && q.hard ? "error" : "warning",
    });
  }
  return items;
}

export function AttentionList({ items }: { items: Attention[] }) {
  const t = useTranslations("DashboardOverview");
  if (!items.length) return null;
  return (
    <section aria-labelledby="attention-heading" className="mb-6 space-y-3" data-testid="attention">
      <h2 id="attention-heading" className="text-lg font-semibold">
        {t("attentionHeading")}
      </h2>
      {items.map((item) => (
        <Alert key={item.id} variant={item.variant} title={item.title}>
          {item.body}{" "}
          <Link href={item.href} className="font-medium underline underline-offset-4 pointer-coarse:inline-flex pointer-coarse:min-h-10 pointer-coarse:items-center">
            {item.action}
          </Link>
        </Alert>
      ))}
    </section>
  );
}

export async function RecentActivity({
  events,
  timeZone,
}: {
  events: { id: string | number; action: string; metadata: Record<string, unknown>; actorName: string | null; createdAt: Date }[];
  /** The viewer's (lib/time-zone.ts); null: UTC. */
  timeZone: string | null;
}) {
  const [t, d, locale] = await Promise.all([getTranslations("DashboardOverview"), getTranslations("Dashboard"), getLocale()]);
  return (
    <section aria-labelledby="activity-heading" className="mt-8 space-y-3">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="activity-heading" className="text-lg font-semibold">
          {t("activityHeading")}
        </h2>
        <Link href="/dashboard/audit" className="text-sm font-medium text-primary underline-offset-4 hover:underline pointer-coarse:inline-flex pointer-coarse:min-h-10 pointer-coarse:items-center">
          {t("wholeLog")}
        </Link>
      </div>
      {events.length === 0 ? (
        <p className="text-sm text-muted-foreground">{t("activityEmpty")}</p>
      ) : (
        <ol className="divide-y divide-border rounded-md border border-border" data-testid="recent-activity">
          {events.map((e) => (
            <li key={String(e.id)} className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 px-4 py-2.5 text-sm">
              <span className="min-w-0 [overflow-wrap:anywhere]">
                <span className="font-medium">{e.metadata.by === "platform support" ? d("platformSupport") : (e.actorName ?? d("system"))}</span> · {describeAuditEvent(e.action, e.metadata, locale)}
              </span>
              <time dateTime={e.createdAt.toISOString()} className="text-xs text-muted-foreground">
                {formatInZone(e.createdAt, "dateTimeShort", timeZone, locale)}
              </time>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
