import { desc, eq } from "drizzle-orm";
import { withTenant } from "../db/with-tenant";
import { invoices, subscriptions, tenants } from "../db/schema";
import { AppError } from "../errors";
import { activeOverrides, effectivePlan } from "./entitlements";
import { loadInUse } from "./plan-fit";
import { getBillingProvider } from "./get-provider";

export async function getBillingOverview({ tenantId }: { tenantId: string }) {
  return withTenant(tenantId, async (tx) => {
    const [tenant] = await tx.select().from(tenants).where(eq(tenants.id, tenantId));
    if (!tenant) throw new AppError("NOT_FOUND", "Workspace not found.");
    const [subscription] = await tx.select().from(subscriptions).where(eq(subscriptions.tenantId, tenantId));
    // What the plans limit, for the picker's "does it fit" (usage comes from the page's snapshot).
    const inUse = await loadInUse(tx, tenantId, {});
    const recentInvoices = await tx.select().from(invoices).where(eq(invoices.tenantId, tenantId)).orderBy(desc(invoices.createdAt)).limit(12);
    const trialDaysLeft =
      tenant.status === "trialing" && tenant.trialEndsAt
        ? Math.max(0, Math.ceil((tenant.trialEndsAt.getTime() - Date.now()) / 86_400_000))
        : null;
    return {
      tenant: { id: tenant.id, slug: tenant.slug, name: tenant.name, status: tenant.status, planId: tenant.planId, trialEndsAt: tenant.trialEndsAt, pastDueSince: tenant.pastDueSince },
      details: { email: tenant.billingEmail, taxIdType: tenant.taxIdType, taxId: tenant.taxId },
      currency: tenant.currency,
      /** The first subscription fixes the currency (server/billing/set-currency.ts). */
      currencyLocked: !!subscription?.subscriptionId,
      /** Offline only: the test card that pays the renewals (Stripe keeps the real card in its portal). */
      localCard: subscription?.provider === "local" ? subscription.localCard : null,
      /** Offline only: credit a plan change left, which the next charges draw on first. */
      localCreditCents: subscription?.provider === "local" ? subscription.localCreditCents : 0,
      effectivePlanId: effectivePlan(tenant).id,
      subscription: subscription
        ? {
            provider: subscription.provider,
            status: subscription.status,
            planId: subscription.planId,
            interval: subscription.interval,
            currentPeriodEnd: subscription.currentPeriodEnd,
            cancelAtPeriodEnd: subscription.cancelAtPeriodEnd,
            hasSubscription: !!subscription.subscriptionId && subscription.status !== "canceled" && subscription.status !== "incomplete_expired",
          }
        : null,
      invoices: recentInvoices.map((i) => ({ id: i.id, number: i.number, status: i.status, amountCents: i.amountCents, currency: i.currency, createdAt: i.createdAt, hostedUrl: i.hostedUrl, pdfUrl: i.pdfUrl })),
      trialDaysLeft,
      inUse,
      overrides: activeOverrides(tenant.planOverrides, new Date()),
      provider: getBillingProvider().kind,
    };
  });
}

export type BillingOverview = Awaited<ReturnType<typeof getBillingOverview>>;
