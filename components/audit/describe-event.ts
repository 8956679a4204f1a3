import { createTranslator } from "use-intl/core";
import { formatMoney, isPlanId, PLANS, USAGE_METRICS, type UsageMetric } from "@/lib/plans";
import { DEFAULT_LOCALE, type Locale } from "@/lib/i18n/locales";
import { AREA_MESSAGES, type AreaMessages } from "@/lib/i18n/messages";
import { describeSsoEvent } from "@/components/sso/describe-sso-event";

// The audit log's sentences, in a language (English when none is given). A plain function, not a hook:
// the audit page and Overview's recent activity call it per event, and so do tests, outside a request
// (next-intl's own entry point pulls in next/headers there; it re-exports this same translator).

function translatorsFor(locale: Locale) {
  const messages = AREA_MESSAGES[locale].dashboard as AreaMessages["dashboard"];
  return {
    t: createTranslator({ locale, messages, namespace: "DashboardAuditEvents" }),
    d: createTranslator({ locale, messages, namespace: "Dashboard" }),
  };
}
type Translators = ReturnType<typeof translatorsFor>;
const translators = new Map<Locale, Translators>();
function translatorsIn(locale: Locale): Translators {
  let found = translators.get(locale);
  if (!found) {
    found = translatorsFor(locale);
    translators.set(locale, found);
  }
  return found;
}

const ROLES = ["owner", "admin", "billing", "member"] as const;
const STATUSES = ["trialing", "active", "past_due", "suspended", "cancelled"] as const;
const isOneOf = <T extends string>(list: readonly T[], value: string): value is T => (list as readonly string[]).includes(value);

/** A sentence for an audit event; unknown actions fall back to their code. */
export function describeAuditEvent(action: string, metadata: Record<string, unknown>, locale: Locale = DEFAULT_LOCALE): string {
  const { t, d } = translatorsIn(locale);
  const m = (key: string) => String(metadata[key] ?? "");
  const role = (key: string, fallback = "") => {
    const value = m(key) || fallback;
    return isOneOf(ROLES, value) ? t(`role.${value}`) : value;
  };
  const status = (key: string) => {
    const value = m(key);
    return isOneOf(STATUSES, value) ? t(`status.${value}`) : value;
  };
  const planName = (id: unknown) => (isPlanId(id) ? PLANS[id].name : t("noPlan"));
  /** A plan as the operator actions store it: an id, or { planId, interval }. */
  const planOf = (value: unknown) => {
    if (value && typeof value === "object" && "planId" in value) {
      const { planId, interval } = value as { planId: unknown; interval?: unknown };
      const plan = planName(planId);
      return interval === "year" ? t("planYearly", { plan }) : interval === "month" ? t("planMonthly", { plan }) : plan;
    }
    return planName(value);
  };
  /** The reason an operator gave, for the workspace's copy of the operator's action. */
  const because = typeof metadata.reason === "string" && metadata.reason ? t("because", { reason: metadata.reason }) : "";
  const money = () => formatMoney(Number(metadata.amountCents ?? 0), m("currency") || "usd", { locale });
  switch (action) {
    case "tenant.created":
      return t("created", { name: m("name") });
    case "tenant.renamed":
      return t("renamed", { from: m("from"), to: m("to") });
    case "member.added":
      return t("memberAdded", { email: m("email") || t("aMember"), role: role("role", "member") });
    case "member.invited":
      return t("memberInvited", { email: m("email"), role: role("role") });
    case "member.invitation_resent":
      return t("invitationResent", { email: m("email") });
    case "member.invitation_revoked":
      return t("invitationRevoked", { email: m("email") });
    case "member.joined":
      return t("memberJoined", { email: m("email"), role: role("role") });
    case "member.role_changed":
      return t("roleChanged", { email: m("email"), from: role("from"), to: role("to") });
    case "member.removed":
      return t("memberRemoved", { email: m("email") });
    case "member.account_deleted":
      return t("accountDeleted", { email: m("email") });
    case "account.password_reset":
      return t("passwordReset", { email: m("email") });
    case "account.password_changed":
      return t("passwordChanged", { email: m("email") });
    case "account.email_changed":
      return t("emailChanged", { from: m("from"), to: m("to") });
    case "member.left":
      return t("memberLeft", { email: m("email") });
    case "member.ownership_transferred":
      return t("ownershipTransferred", { to: m("to") });
    case "security.two_factor_required":
      return t("twoFactorRequired");
    case "security.two_factor_optional":
      return t("twoFactorOptional");
    case "tenant.branding_updated":
      return t("brandingUpdated");
    case "tenant.logo_updated":
      return t("logoUpdated");
    case "tenant.logo_removed":
      return t("logoRemoved");
    case "tenant.onboarding_completed":
      return t("onboardingCompleted");
    case "domain.added":
      return t("domainAdded", { hostname: m("hostname") });
    case "domain.removed":
      return t("domainRemoved", { hostname: m("hostname") });
    case "domain.verified":
      return t("domainVerified", { hostname: m("hostname") });
    case "domain.failing":
      return t("domainFailing", { hostname: m("hostname") });
    case "domain.disabled":
      return t("domainDisabled", { hostname: m("hostname") });
    case "workspace.export_requested":
      return t("exportRequested");
    case "workspace.export_downloaded":
      return t("exportDownloaded");
    case "tenant.status_changed":
      return t("statusChanged", { from: status("from"), to: status("to"), reason: metadata.reason ? t("statusReason", { reason: m("reason") }) : "" });
    case "billing.currency_changed":
      return t("currencyChanged", { from: m("from").toUpperCase(), to: m("to").toUpperCase() });
    case "billing.details_updated": {
      const changes = Array.isArray(metadata.changes) ? metadata.changes : [];
      const email = changes.includes("email");
      const taxId = changes.includes("taxId");
      return t("detailsUpdated", { what: email && taxId ? "both" : email ? "email" : taxId ? "taxId" : "other" });
    }
    case "billing.plan_changed":
      return t("planChanged", { from: planName(metadata.from), to: planName(metadata.to) });
    case "billing.invoice_paid":
      return t("invoicePaid", { amount: money() });
    case "billing.payment_failed":
      return t("paymentFailed", { amount: money() });
    case "billing.cancellation_scheduled":
      return t("cancellationScheduled");
    case "billing.cancellation_withdrawn":
      return t("cancellationWithdrawn");
    case "support.access_started": {
      const access = m("access") === "read-only" ? t("accessRead") : m("access") === "read and write" ? t("accessWrite") : m("access");
      const changes = metadata.writeReason ? t("supportChanges", { writeReason: m("writeReason") }) : "";
      return t("supportStarted", { access, minutes: m("minutes"), reason: m("reason"), changes });
    }
    case "support.access_ended":
      return t("supportEnded");
    case "audit.exported":
      return t("auditExported");
    case "webhook_endpoint.created":
      return t("webhookCreated", { url: m("url") });
    case "webhook_endpoint.updated":
      return metadata.to ? t("webhookUrlChanged", { from: m("from"), to: m("to") }) : t("webhookUpdated");
    case "webhook_endpoint.deleted":
      return m("url").trim() ? t("webhookDeleted", { url: m("url").trim() }) : t("webhookDeletedUnnamed");
    case "webhook_endpoint.enabled":
      return t("webhookEnabled");
    case "webhook_endpoint.disabled":
      return t("webhookDisabled");
    case "webhook_endpoint.secret_rotated":
      return t("webhookSecretRotated");
    case "webhook_endpoint.test_sent":
      return t("webhookTestSent", { url: m("url") });
    case "webhook_endpoint.delivery_resent":
      return t("webhookDeliveryResent", { eventType: m("eventType"), url: m("url") });
    case "billing.trial_reminder":
      return t("trialReminder", { daysLeft: m("daysLeft") });
    case "billing.overrides_changed":
      return t("overridesChanged");
    case "billing.duplicate_subscription":
      return t("duplicateSubscription", { cancelled: planName(metadata.cancelledPlan), kept: planName(metadata.keptPlan) });
    case "billing.duplicate_refunded":
      return t("duplicateRefunded", { amount: m("amount") || t("itsCharge") });
    case "billing.duplicate_kept":
      return t("duplicateKept", { reason: m("reason") || t("firstEnded") });
    case "api_key.created":
      return t("apiKeyCreated", { name: m("name"), prefix: m("prefix") });
    case "api_key.revoked":
      return t("apiKeyRevoked", { name: m("name"), prefix: m("prefix") });
    case "api_key.rotated":
      return t("apiKeyRotated", { name: m("name"), newPrefix: m("newPrefix"), oldPrefix: m("oldPrefix") });
    case "usage.threshold_reached": {
      const metric = m("metric");
      const label = Object.hasOwn(USAGE_METRICS, metric) ? d(`metric.${metric as UsageMetric}`) : metric;
      return t("thresholdReached", { metric: label, threshold: m("threshold") });
    }
    case "tenant.deleted":
      return t("tenantDeleted");
    case "operator.workspace_suspended":
      return t("operatorSuspended", { because });
    case "operator.workspace_reactivated":
      return t("operatorReactivated", { because });
    case "operator.workspace_deleted":
      return t("operatorDeleted", { because });
    case "operator.workspace_restored":
      return t("operatorRestored", { because });
    case "operator.workspace_cancelled":
      return t("operatorCancelled", { because });
    case "operator.trial_extended":
      return t("operatorTrialExtended", { days: m("days"), because });
    case "operator.plan_changed":
      return t("operatorPlanChanged", { from: planOf(metadata.from), to: planOf(metadata.to), because });
    case "operator.plan_comped":
      return t("operatorPlanComped", { plan: planName(metadata.to), because });
    case "operator.override_changed":
      return t("operatorOverrideChanged", { because });
    case "operator.invitation_resent":
      return t("operatorInvitationResent", { email: m("email"), because });
    default:
      // Single sign-on's sentences live with single sign-on (English for now).
      return describeSsoEvent(action, metadata, locale) ?? action;
  }
}
