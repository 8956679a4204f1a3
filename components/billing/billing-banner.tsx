import Link from "next/link";

type Props = {
  status: "trialing" | "active" | "past_due" | "suspended" | "cancelled";
  trialEndsAt: Date | null;
  pastDueSince: Date | null;
  graceDays: number;
  canManageBilling: boolean;
};

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone: "UTC" });

function daysUntil(date: Date): number {
  return Math.ceil((date.getTime() - Date.now()) / 86_400_000);
}

/** The dashboard-wide notice for trial ending (≤ 3 days), past due, suspended and cancelled. */
export function BillingBanner({ status, trialEndsAt, pastDueSince, graceDays, canManageBilling }: Props) {
  let tone: "warning" | "error" | null = null;
  let message = "";
  if (status === "trialing" && trialEndsAt) {
    const days = daysUntil(trialEndsAt);
    if (days <= 3) {
      tone = "warning";
      message = days <= 0 ? "Your trial has ended." : `Your trial ends in ${days} day${days === 1 ? "" : "s"} (${dateFormat.format(trialEndsAt)}).`;
    }
  } else if (status === "past_due") {
    tone = "warning";
    const deadline = pastDueSince ? new Date(pastDueSince.getTime() + graceDays * 86_400_000) : null;
    message = `The last payment failed.${deadline ? ` Update your payment method by ${dateFormat.format(deadline)} to avoid suspension.` : ""}`;
  } else if (status === "suspended") {
    tone = "error";
    message = "This workspace is suspended. Choose a plan or update your payment method to restore access.";
  } else if (status === "cancelled") {
    tone = "error";
    message = "The subscription has ended. Subscribe again to restore access.";
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
        <Link href="/dashboard/billing" className="font-medium underline underline-offset-4">
          Go to billing
        </Link>
      ) : (
        <span className="text-muted-foreground">Ask an owner to update billing.</span>
      )}
    </div>
  );
}
