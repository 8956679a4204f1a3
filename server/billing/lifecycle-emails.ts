import type { TenantStatus } from "../db/schema";
import { formatMoney, PLANS, type PlanId } from "../../lib/plans";

type TenantInfo = { id: string; name: string; slug: string };

export function statusChangeEmail(tenant: TenantInfo, to: TenantStatus, planId: PlanId | null): { subject: string; text: string } | null {
  switch (to) {
    case "active":
      return {
        subject: `${tenant.name} is now on ${planId ? PLANS[planId].name : "a paid plan"}`,
        text: `Thank you! Your subscription for ${tenant.name} is active.`,
      };
    // No email for past_due: the failed invoice already sent one ("Action needed: ..."), and
    // one failed payment is one email per billing contact.
    case "suspended":
      return {
        subject: `${tenant.name} has been suspended`,
        text: `Access to ${tenant.name} is paused. Choose a plan or update your payment method in Billing to restore it. No data has been deleted.`,
      };
    case "cancelled":
      return {
        subject: `${tenant.name}'s subscription has ended`,
        text: `The subscription for ${tenant.name} has ended. You can subscribe again from Billing at any time.`,
      };
    default:
      return null;
  }
}

export function invoicePaidEmail(tenant: TenantInfo, amountCents: number, currency: string) {
  return {
    subject: `Receipt: ${formatMoney(amountCents, currency)} paid for ${tenant.name}`,
    text: `We received your payment of ${formatMoney(amountCents, currency)} for ${tenant.name}. Thank you.`,
  };
}

export function paymentFailedEmail(tenant: TenantInfo, amountCents: number, currency: string) {
  return {
    subject: `Action needed: a payment of ${formatMoney(amountCents, currency)} failed for ${tenant.name}`,
    text: `Your payment of ${formatMoney(amountCents, currency)} for ${tenant.name} was declined. The workspace stays usable during a grace period; update your payment method in Billing to avoid interruption.`,
  };
}
