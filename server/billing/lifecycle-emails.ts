import type { TenantStatus } from "../db/schema";
import type { WriteEmail } from "../email/emails-per-locale";
import { formatMoney, PLANS, type PlanId } from "../../lib/plans";

// The payment and lifecycle emails to a workspace's owners and billing members. Which email is
// decided once; its words are written per recipient language (server/email/emails-per-locale.ts).

type TenantInfo = { id: string; name: string; slug: string };

export function statusChangeEmail(tenant: TenantInfo, to: TenantStatus, planId: PlanId | null): WriteEmail | null {
  const workspace = tenant.name;
  switch (to) {
    case "active":
      return (t) => ({
        subject: planId ? t("workspace.activeSubject", { workspace, plan: PLANS[planId].name }) : t("workspace.activeSubjectPaidPlan", { workspace }),
        text: t("workspace.activeText", { workspace }),
      });
    // No email for past_due: the failed invoice already sent one ("Action needed: ..."), and
    // one failed payment is one email per billing contact.
    case "suspended":
      return (t) => ({ subject: t("workspace.suspendedSubject", { workspace }), text: t("workspace.suspendedText", { workspace }) });
    case "cancelled":
      return (t) => ({ subject: t("workspace.cancelledSubject", { workspace }), text: t("workspace.cancelledText", { workspace }) });
    default:
      return null;
  }
}

export function invoicePaidEmail(tenant: TenantInfo, amountCents: number, currency: string): WriteEmail {
  return (t, locale) => {
    const words = { workspace: tenant.name, amount: formatMoney(amountCents, currency, { locale }) };
    return { subject: t("billing.receiptSubject", words), text: t("billing.receiptText", words) };
  };
}

export function paymentFailedEmail(tenant: TenantInfo, amountCents: number, currency: string): WriteEmail {
  return (t, locale) => {
    const words = { workspace: tenant.name, amount: formatMoney(amountCents, currency, { locale }) };
    return { subject: t("billing.paymentFailedSubject", words), text: t("billing.paymentFailedText", words) };
  };
}
