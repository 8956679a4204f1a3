import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { DEFAULT_TIME_ZONE, timeFormat } from "@/lib/time-zone";

type Props = {
  status: "trialing" | "active" | "past_due" | "suspended" | "cancelled";
  trialEndsAt: Date | null;
  pastDueSince: Date | null;
  graceDays: number;
  canManageBilling: boolean;
};

function daysUntil(date: Date): number {
  return Math.ceil((date.getTime() - Date.now()) / 86_400_000);
}

/** The dashboard-wide notice for trial ending (≤ 3 days), past due, suspended and cancelled. */
export function BillingBanner({ status, trialEndsAt, pastDueSince, graceDays, canManageBilling }: Props) {
  const t = useTranslations("Billing.banner");
  // Kept per language and zone: the banner renders on every dashboard request.
  const dateFormat = timeFormat("date", DEFAULT_TIME_ZONE, useLocale());
  let tone: "warning" | "error" | null = null;
  let message = "";
  if (status === "trialing" && trialEndsAt) {
    const days = daysUntil(trialEndsAt);
    if (days <= 3) {
      tone = "warning";
      message = days <= 0 ? t("trialEnded") : t("trialEnds", { days, date: dateFormat.format(trialEndsAt) });
    }
  } else if (status === "past_due") {
    tone = "warning";
    const deadline = pastDueSince ? new Date(pastDueSince.getTime() + graceDays * 86_400_000) : null;
    message = deadline ? t("pastDueBy", { date: dateFormat.format(deadline) }) : t("pastDue");
  } else if (status === "suspended") {
    tone = "error";
    message = t("suspended");
  } else if (status === "cancelled") {
    tone = "error";
    message = t("cancelled");
  }
  if (!tone) return null;
  return (
    <div
      role={tone === "error" ? "alert" : "status"}
      className={
        tone === "error"
          ? "flex flex-wrap items-center justify-between gap-2 border-b border-destructive/40 bg-destructive/10 px-4 py-2 text-sm md:px-8"
          : "flex flex-wrap items-center justify-between gap-2 border-b border-warning/40 bg-warning/10 px-4 py-2 text-sm md:px-8"
      }
    >
      <span>{message}</span>
      {canManageBilling ? (
        <Link href="/dashboard/billing" className="font-medium underline underline-offset-4 pointer-coarse:inline-flex pointer-coarse:min-h-10 pointer-coarse:items-center">
          {t("goToBilling")}
        </Link>
      ) : (
        <span className="text-muted-foreground">{t("askOwner")}</span>
      )}
    </div>
  );
}
