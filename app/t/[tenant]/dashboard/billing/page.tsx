import { randomUUID } from "node:crypto";
import type { Metadata } from "next";
import { CheckoutProcessing } from "@/components/billing/checkout-status";
import { BillingDetailsForm } from "@/components/billing/billing-details-form";
import { CurrencyChoice } from "@/components/billing/currency-choice";
import { PlanPicker } from "@/components/billing/plan-picker";
import { SubscriptionActions } from "@/components/billing/subscription-actions";
import { NoAccess } from "@/components/dashboard/no-access";
import { PageHeader } from "@/components/dashboard/page-header";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { BILLING_INTERVALS, formatMoney, isPlanId, PLANS, priceCents, SELF_SERVE_PLAN_IDS, type BillingInterval, type PlanId } from "@/lib/plans";
import { hasPermission } from "@/lib/permissions";
import { planFit, type PlanFit } from "@/lib/plan-fit";
import { serverCaller } from "@/server/trpc/server";
import { requireWorkspacePage } from "@/server/trpc/tenant-surface";
import { testCardOfKind } from "@/server/billing/local/test-cards";
import { VerifyEmailNotice } from "@/app/_accounts/verify-email-notice";

export const metadata: Metadata = { title: "Billing" };

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone: "UTC" });
const STATUS = {
  trialing: ["Trial", "default"],
  active: ["Active", "success"],
  past_due: ["Past due", "warning"],
  suspended: ["Suspended", "destructive"],
  cancelled: ["Cancelled", "outline"],
} as const;

type Props = { params: Promise<{ tenant: string }>; searchParams: Promise<Record<string, string | undefined>> };

export default async function BillingPage({ params, searchParams }: Props) {
  const { tenant, ctx, denied, usage } = await requireWorkspacePage((await params).tenant, { capability: "billing", permission: "billing:read" });
  if (denied) return <NoAccess denied={denied}>Only owners and billing members can see billing.</NoAccess>;
  const query = await searchParams;
  const billing = await (await serverCaller()).billing.current();
  const sub = billing.subscription;
  const live = !!sub?.hasSubscription;
  const planId = (live ? sub?.planId : null) as PlanId | null;
  const interval = (live ? sub?.interval : null) as BillingInterval | null;
  const [statusLabel, statusVariant] = STATUS[billing.tenant.status];
  const currency = billing.currency;
  const nextAmount = planId && interval ? priceCents(PLANS[planId], interval, currency) : null;
  const periodEnd = sub?.currentPeriodEnd ? dateFormat.format(sub.currentPeriodEnd) : null;
  const wantedPlan = isPlanId(query.plan) ? query.plan : null;
  const wantedInterval = BILLING_INTERVALS.find((i) => i === query.interval);
  // One id per rendered form: what its buttons send twice is recognised as one intent.
  const attemptId = randomUUID();
  // Whether the workspace fits each plan, from this period's usage (the frame's snapshot) and its counts.
  const inUse = { ...billing.inUse, usage: usage ? Object.fromEntries(Object.entries(usage.usage).map(([metric, q]) => [metric, q.used])) : {} };
  const fits = Object.fromEntries(SELF_SERVE_PLAN_IDS.map((id) => [id, planFit(id, inUse, billing.overrides)])) as Record<PlanId, PlanFit>;

  return (
    <>
      <PageHeader title="Billing" description="Your plan, payment method and invoices." />
      <div className="space-y-8">
        {!live && hasPermission(tenant.role, "billing:manage") ? <VerifyEmailNotice userId={ctx.user.id} /> : null}
        {query.checkout === "success" && !live ? <CheckoutProcessing /> : null}
        {query.checkout === "success" && live ? (
          <Alert variant="success" title="Payment confirmed">You are now on {PLANS[planId!].name}.</Alert>
        ) : null}
        {query.checkout === "cancelled" ? <Alert variant="info">Checkout was cancelled; nothing was charged.</Alert> : null}
        {query.portal === "local" ? (
          <Alert variant="info">Offline mode: the saved payment method is a test card, shown below with your invoices.</Alert>
        ) : null}

        <Card>
          <CardHeader>
            <CardDescription>Current plan</CardDescription>
            <CardTitle>
              <span className="flex flex-wrap items-center gap-3 text-2xl" data-testid="current-plan">
                {live && planId ? PLANS[planId].name : billing.tenant.status === "trialing" ? `${PLANS[billing.effectivePlanId].name} trial` : "No plan"}
                <Badge variant={statusVariant}>{statusLabel}</Badge>
              </span>
            </CardTitle>
          </CardHeader>
          <CardContent className="space-y-3 text-sm">
            {billing.trialDaysLeft !== null ? (
              <p>
                {billing.trialDaysLeft} day{billing.trialDaysLeft === 1 ? "" : "s"} left in your trial
                {billing.tenant.trialEndsAt ? ` (ends ${dateFormat.format(billing.tenant.trialEndsAt)})` : ""}. Choose a plan to keep going.
              </p>
            ) : null}
            {live && nextAmount !== null && periodEnd ? (
              sub?.cancelAtPeriodEnd ? (
                <p>Your subscription ends on {periodEnd}. No further charges.</p>
              ) : (
                <p>
                  Next invoice: <strong>{formatMoney(nextAmount, currency)}</strong> on {periodEnd} ({interval === "year" ? "yearly" : "monthly"}).
                </p>
              )
            ) : null}
            {billing.tenant.status === "past_due" ? (
              <p className="text-warning">The last payment failed. Update your payment method to avoid suspension.</p>
            ) : null}
            {hasPermission(tenant.role, "billing:manage") ? (
              <SubscriptionActions hasSubscription={live} cancelAtPeriodEnd={!!sub?.cancelAtPeriodEnd} periodEnd={periodEnd} hasCustomer={!!sub} attemptId={attemptId} />
            ) : null}
            {hasPermission(tenant.role, "billing:manage") ? <CurrencyChoice currency={currency} locked={billing.currencyLocked} /> : null}
            <p className="text-xs text-muted-foreground">Payments: {billing.provider === "stripe" ? "Stripe" : "offline test mode (no real charges)"}</p>
          </CardContent>
        </Card>

        {hasPermission(tenant.role, "billing:manage") ? (
          <PlanPicker
            currency={currency}
            currentPlanId={planId}
            currentInterval={interval}
            hasSubscription={live}
            effectivePlanId={billing.effectivePlanId}
            fits={fits}
            initialInterval={wantedInterval}
            highlightPlanId={wantedPlan}
            // Chosen on /pricing in another currency: the plan is highlighted, not bought at a price not shown.
            autoCheckout={query.start === "1" && (query.currency === undefined || query.currency === currency)}
            attemptId={attemptId}
          />
        ) : null}

        <BillingDetailsForm saved={billing.details} editable={hasPermission(tenant.role, "billing:manage")} stripe={billing.provider === "stripe"} />

        {billing.provider === "local" ? <LocalPaymentMethod card={testCardOfKind(billing.localCard)} /> : null}

        <section aria-labelledby="invoices-heading" className="space-y-3">
          <h2 id="invoices-heading" className="text-lg font-semibold">
            Recent invoices
          </h2>
          {billing.invoices.length === 0 ? (
            <EmptyState title="No invoices yet" description="Invoices appear here after your first payment." />
          ) : (
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>Date</TableHead>
                  <TableHead>Amount</TableHead>
                  <TableHead>Status</TableHead>
                  <TableHead>Invoice</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {billing.invoices.map((invoice) => (
                  <TableRow key={invoice.id}>
                    <TableCell>{dateFormat.format(invoice.createdAt)}</TableCell>
                    <TableCell>{formatMoney(invoice.amountCents, invoice.currency)}</TableCell>
                    <TableCell>
                      <Badge variant={invoice.status === "paid" ? "success" : invoice.status === "failed" ? "destructive" : "outline"}>{invoice.status}</Badge>
                    </TableCell>
                    <TableCell>
                      {invoice.hostedUrl ? (
                        <span className="flex flex-wrap gap-x-3">
                          <a href={httpsOnly(invoice.hostedUrl)} className="text-primary underline-offset-4 hover:underline" rel="noreferrer" target="_blank">
                            {invoice.number ?? "View"}
                          </a>
                          {invoice.pdfUrl ? (
                            <a
                              href={httpsOnly(invoice.pdfUrl)}
                              className="text-primary underline-offset-4 hover:underline"
                              rel="noreferrer"
                              target="_blank"
                              aria-label={`Download invoice ${invoice.number ?? ""} as PDF`.replace("  ", " ")}
                            >
                              PDF
                            </a>
                          ) : null}
                        </span>
                      ) : billing.provider === "local" ? (
                        // The offline provider's invoices: a PDF made on request.
                        <a
                          href={`/dashboard/billing/invoices/${encodeURIComponent(invoice.id)}`}
                          download
                          className="text-primary underline-offset-4 hover:underline"
                          aria-label={`Download invoice ${invoice.number ?? ""} as PDF`.replace("  ", " ")}
                        >
                          {invoice.number ?? "Invoice"} (PDF)
                        </a>
                      ) : (
                        <span className="text-muted-foreground">{invoice.number ?? "—"}</span>
                      )}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </section>
      </div>
    </>
  );
}

/** Stripe's links are https; anything else (a tampered row) is not made a link target. */
function httpsOnly(url: string): string | undefined {
  return url.startsWith("https://") ? url : undefined;
}

/** Offline, the test card that paid the last checkout pays the renewals: shown as a saved card. */
function LocalPaymentMethod({ card }: { card: { last4: string; label: string } | null }) {
  return (
    <Card id="payment-method">
      <CardHeader>
        <CardTitle>Payment method</CardTitle>
        <CardDescription>Offline test mode: a test card, no real charges.</CardDescription>
      </CardHeader>
      <CardContent className="text-sm">
        {card ? (
          <p data-testid="saved-card">
            <span className="font-medium">Test card ending in {card.last4}</span> · {card.label}. It pays the renewals; paying a new checkout with another test card
            replaces it.
          </p>
        ) : (
          <p className="text-muted-foreground">No card saved yet: the test card you pay a checkout with is kept for renewals.</p>
        )}
      </CardContent>
    </Card>
  );
}
