import { formatMoney, isPlanId, PLANS, USAGE_METRICS } from "@/lib/plans";

const USAGE_LABEL: Record<string, string> = Object.fromEntries(Object.entries(USAGE_METRICS).map(([metric, { label }]) => [metric, label]));
import { describeSsoEvent } from "@/components/sso/describe-sso-event";

function planName(id: unknown): string {
  return isPlanId(id) ? PLANS[id].name : "no plan";
}

/** A plan as the operator actions store it: an id, or { planId, interval }. */
function planOf(value: unknown): string {
  if (value && typeof value === "object" && "planId" in value) {
    const { planId, interval } = value as { planId: unknown; interval?: unknown };
    return `${planName(planId)}${interval === "year" ? " (yearly)" : interval === "month" ? " (monthly)" : ""}`;
  }
  return planName(value);
}

/** The reason an operator gave, for the workspace's copy of the operator's action. */
function because(metadata: Record<string, unknown>): string {
  return typeof metadata.reason === "string" && metadata.reason ? ` — reason given: ${metadata.reason}` : "";
}

/** A sentence for an audit event; unknown actions fall back to their code. */
export function describeAuditEvent(action: string, metadata: Record<string, unknown>): string {
  const m = (key: string) => String(metadata[key] ?? "");
  switch (action) {
    case "tenant.created":
      return `Created the workspace “${m("name")}”`;
    case "tenant.renamed":
      return `Renamed the workspace from “${m("from")}” to “${m("to")}”`;
    case "member.added":
      return `Added ${m("email") || "a member"} as ${m("role") || "member"}`;
    case "member.invited":
      return `Invited ${m("email")} as ${m("role")}`;
    case "member.invitation_resent":
      return `Sent the invitation for ${m("email")} again`;
    case "member.invitation_revoked":
      return `Revoked the invitation for ${m("email")}`;
    case "member.joined":
      return `${m("email")} joined as ${m("role")}`;
    case "member.role_changed":
      return `Changed ${m("email")}'s role from ${m("from")} to ${m("to")}`;
    case "member.removed":
      return `Removed ${m("email")}`;
    case "member.account_deleted":
      return `${m("email")} deleted their account and left the workspace`;
    case "account.password_reset":
      return `${m("email")} reset their password with an emailed link`;
    case "account.email_changed":
      return `${m("from")} changed their email address to ${m("to")}`;
    case "member.left":
      return `${m("email")} left the workspace`;
    case "member.ownership_transferred":
      return `Transferred ownership to ${m("to")}`;
    case "security.two_factor_required":
      return "Required two-factor authentication for all members";
    case "security.two_factor_optional":
      return "Made two-factor authentication optional";
    case "tenant.branding_updated":
      return "Updated the branding";
    case "tenant.logo_updated":
      return "Uploaded a new logo";
    case "tenant.logo_removed":
      return "Removed the logo";
    case "tenant.onboarding_completed":
      return "Finished the guided setup";
    case "domain.added":
      return `Added the domain ${m("hostname")}`;
    case "domain.removed":
      return `Removed the domain ${m("hostname")}`;
    case "domain.verified":
      return `Verified the domain ${m("hostname")}`;
    case "domain.failing":
      return `The domain ${m("hostname")} failed its DNS check`;
    case "domain.disabled":
      return `Disabled the domain ${m("hostname")} (DNS no longer matches)`;
    case "workspace.export_requested":
      return "Requested a workspace export";
    case "workspace.export_downloaded":
      return "Downloaded a workspace export";
    case "tenant.status_changed":
      return `Workspace status changed from ${m("from")} to ${m("to")}${metadata.reason ? ` (${m("reason")})` : ""}`;
    case "billing.currency_changed":
      return `Changed the billing currency from ${m("from").toUpperCase()} to ${m("to").toUpperCase()}`;
    case "billing.details_updated": {
      const changes = Array.isArray(metadata.changes) ? metadata.changes : [];
      const what = [changes.includes("email") ? "billing email" : null, changes.includes("taxId") ? "tax ID" : null].filter(Boolean).join(" and ");
      return `Updated the ${what || "billing details"}`;
    }
    case "billing.plan_changed":
      return `Plan changed from ${planName(metadata.from)} to ${planName(metadata.to)}`;
    case "billing.invoice_paid":
      return `Invoice paid: ${formatMoney(Number(metadata.amountCents ?? 0), m("currency") || "usd")}`;
    case "billing.payment_failed":
      return `Payment failed: ${formatMoney(Number(metadata.amountCents ?? 0), m("currency") || "usd")}`;
    case "billing.cancellation_scheduled":
      return "Scheduled the subscription to end at the period end";
    case "billing.cancellation_withdrawn":
      return "Resumed the subscription";
    case "support.access_started":
      return `Platform support opened this workspace (${m("access")}, ${m("minutes")} minutes): ${m("reason")}${metadata.writeReason ? `; changes needed: ${m("writeReason")}` : ""}`;
    case "support.access_ended":
      return "Platform support ended its access";
    case "audit.exported":
      return "Exported the audit log as CSV";
    case "webhook_endpoint.created":
      return `Added the webhook endpoint ${m("url")}`;
    case "webhook_endpoint.updated":
      return metadata.to ? `Changed a webhook endpoint's URL from ${m("from")} to ${m("to")}` : "Changed a webhook endpoint's description or events";
    case "webhook_endpoint.deleted":
      return `Deleted the webhook endpoint ${m("url") || ""}`.trim();
    case "webhook_endpoint.enabled":
      return "Enabled a webhook endpoint";
    case "webhook_endpoint.disabled":
      return "Disabled a webhook endpoint";
    case "webhook_endpoint.secret_rotated":
      return "Rotated a webhook endpoint's signing secret";
    case "webhook_endpoint.test_sent":
      return `Sent a test event to ${m("url")}`;
    case "webhook_endpoint.delivery_resent":
      return `Resent a ${m("eventType")} delivery to ${m("url")}`;
    case "billing.trial_reminder":
      return `Sent a trial reminder (${m("daysLeft")} days left)`;
    case "billing.overrides_changed":
      return "Changed the workspace's custom limits and features";
    case "billing.duplicate_subscription":
      return `Found a second subscription (${planName(metadata.cancelledPlan)}) beside the one kept (${planName(metadata.keptPlan)}); the second is being cancelled`;
    case "billing.duplicate_refunded":
      return `Cancelled the duplicate subscription and refunded ${m("amount") || "its charge"}`;
    case "billing.duplicate_kept":
      return `Kept the second subscription: ${m("reason") || "the first one has ended"}`;
    case "api_key.created":
      return `Created the API key “${m("name")}” (${m("prefix")}…)`;
    case "api_key.revoked":
      return `Revoked the API key “${m("name")}” (${m("prefix")}…)`;
    case "api_key.rotated":
      return `Rotated the API key “${m("name")}”: ${m("newPrefix")}… replaces ${m("oldPrefix")}…`;
    case "usage.threshold_reached":
      return `${Object.hasOwn(USAGE_LABEL, m("metric")) ? USAGE_LABEL[m("metric")] : m("metric")} reached ${m("threshold")} % of the plan's limit`;
    case "tenant.deleted":
      return "Deleted the workspace";
    case "operator.workspace_suspended":
      return `Platform support suspended the workspace${because(metadata)}`;
    case "operator.workspace_reactivated":
      return `Platform support reactivated the workspace${because(metadata)}`;
    case "operator.workspace_deleted":
      return `Platform support deleted the workspace${because(metadata)}`;
    case "operator.workspace_restored":
      return `Platform support restored the workspace${because(metadata)}`;
    case "operator.workspace_cancelled":
      return `Platform support cancelled the subscription${because(metadata)}`;
    case "operator.trial_extended":
      return `Platform support extended the trial by ${m("days")} days${because(metadata)}`;
    case "operator.plan_changed":
      return `Platform support changed the plan from ${planOf(metadata.from)} to ${planOf(metadata.to)}${because(metadata)}`;
    case "operator.plan_comped":
      return `Platform support gave the workspace ${planName(metadata.to)} free of charge${because(metadata)}`;
    case "operator.override_changed":
      return `Platform support changed the workspace's custom limits and features${because(metadata)}`;
    case "operator.invitation_resent":
      return `Platform support sent the invitation for ${m("email")} again${because(metadata)}`;
    default:
      return describeSsoEvent(action, metadata) ?? action;
  }
}
