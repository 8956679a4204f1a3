import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { formatLimit, UNLIMITED, type Limit, type UsageMetric } from "@/lib/plans";

type Quota = { used: number; limit: Limit; hard: boolean; state: "ok" | "warning" | "exceeded" };

/** Dashboard-wide notice at 80% and 100% of a usage limit. */
export function UsageBanner({ usage }: { usage: Record<UsageMetric, Quota> }) {
  const t = useTranslations("BillingUsage");
  const locale = useLocale();
  const entries = (Object.entries(usage) as [UsageMetric, Quota][]).filter(([, q]) => q.state !== "ok" && q.limit !== UNLIMITED);
  if (!entries.length) return null;
  const exceeded = entries.some(([, q]) => q.state === "exceeded");
  const text = entries
    .map(([metric, q]) => {
      const percent = Math.floor((q.used / (q.limit as number)) * 100);
      const values = { metric: t(`metric.${metric}`), percent, limit: formatLimit(q.limit, locale) };
      return q.state !== "exceeded" ? t("banner.entry", values) : q.hard ? t("banner.entryRefused", values) : t("banner.entryOverage", values);
    })
    .join("; ");
  return (
    <div
      role={exceeded ? "alert" : "status"}
      className={`flex flex-wrap items-center justify-between gap-2 border-b px-4 py-2 text-sm md:px-8 ${exceeded ? "border-destructive/40 bg-destructive/10" : "border-warning/40 bg-warning/10"}`}
    >
      <span>{t("banner.text", { entries: text })}</span>
      <span className="flex gap-3">
        <Link href="/dashboard/usage" className="font-medium underline underline-offset-4">
          {t("banner.seeUsage")}
        </Link>
        <Link href="/dashboard/billing" className="font-medium underline underline-offset-4">
          {t("banner.upgrade")}
        </Link>
      </span>
    </div>
  );
}
