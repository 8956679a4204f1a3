import { randomUUID } from "node:crypto";
import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
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
import { INTL_LOCALE } from "@/lib/i18n/locales";
import { BILLING_INTERVALS, formatMoney, isPlanId, PLANS, priceCents, SELF_SERVE_PLAN_IDS, type BillingInterval, type PlanId } from "@/lib/plans";
import { hasPermission } from "@/lib/permissions";
import { planFit, type PlanFit } from "@/lib/plan-fit";
import { serverCaller } from "@/server/trpc/server";
import { requireWorkspacePage } from "@/server/trpc/tenant-surface";
import { testCardOfKind } from "@/server/billing/local/test-cards";
import { VerifyEmailNotice } from "@/app/_accounts/verify-email-notice";
import { withClientMessages } from "@/components/i18n/client-messages";
import { TrpcQueryProvider } from "@/components/trpc/client";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("Billing");
  return { title: t("title") };
}

const STATUS_VARIANT = {
  trialing: "default",
  active: "success",
  past_due: "warning",
  suspended: "destructive",
  cancelled: "outline",
} as const;
/** Invoice statuses with words of their own; any other is shown as stored. */
const INVOICE_STATUSES = ["paid", "open", "failed", "draft", "void", "uncollectible"] as const;
const isKnownInvoiceStatus = (status: string): status is (typeof INVOICE_STATUSES)[number] => (INVOICE_STATUSES as readonly string[]).includes(status);

type Props = { params: Promise<{ tenant: string }>; searchParams: Promise<Record<string, string | undefined>> };

async function BillingPage({ params, searchParams }: Props) {
  const { tenant, ctx, denied, usage } = await requireWorkspacePage((await params).tenant, { capability: "billing", permission: "billing:read" });
  const t = await getTranslations("Billing");
  const locale = await getLocale();
  const dateFormat = new Intl.DateTimeFormat(INTL_LOCALE[locale], { dateStyle: "medium", timeZone: "UTC" });
  if (denied) return <NoAccess denied={denied} title={t("title")}>{t("noAccess")}</NoAccess>;
  const query = await searchParams;
  const billing = await (await serverCaller()).billing.current();
  const sub = billing.subscription;
  const live = !!sub?.hasSubscription;
  const planId = (live ? sub?.planId : null) as PlanId | null;
  const interval = (live ? sub?.interval : null) as BillingInterval | null;
  const statusLabel = t(`status.${billing.tenant.status}`);
  const statusVariant = STATUS_VARIANT[billing.tenant.status];
  const currency = billing.currency;
  const listPrice = planId && interval ? priceCents(PLANS[planId], interval, currency) : null;
  // The offline provider's credit pays the next renewal first.
  const nextAmount = listPrice === null ? null : Math.max(0, listPrice - billing.localCreditCents);
  const periodEnd = sub?.currentPeriodEnd ? dateFormat.format(sub.currentPeriodEnd) : null;
  const wantedPlan = isPlanId(query.plan) ? query.plan : null;
  const wantedInterval = BILLING_INTERVALS.find((i) => i === query.interval);
  // One id per rendered form: what its buttons send twice is recognised as one intent.
  const attemptId = randomUUID();
  // Whether the workspace fits each plan, from this period's usage (the frame's snapshot) and its counts.
  const inUse = { ...billing.inUse, usage: usage ? Object.fromEntries(Object.entries(usage.usage).map(([metric, q]) => [metric, q.used])) : {} };
  const fits = Object.fromEntries(SELF_SERVE_PLAN_IDS.map((id) => [id, planFit(id, inUse, billing.overrides)])) as Record<PlanId, PlanFit>;

  return (
    <TrpcQueryProvider>
      <PageHeader title={t("title")} description={t("description")} />
      <div className="space-y-8">
        {!live && hasPermission(tenant.role, "billing:manage") ? <VerifyEmailNotice userId={ctx.user.id} /> : null}
        {query.checkout === "success" && !live ? <CheckoutProcessing /> : null}
        {query.checkout === "success" && live ? (
          <Alert variant="success" title={t("paymentConfirmed")}>
            {t("nowOn", { plan: PLANS[planId!].name })}
          </Alert>
        ) : null}
        {query.checkout === "cancelled" ? <Alert variant="info">{t("checkoutCancelled")}</Alert> : null}
        {query.portal === "local" ? (
          <Alert variant="info">{t("portalLocal")}</Alert>
        ) : null}

        <Card>
          <CardHeader>
            <CardDescription>{t("currentPlan")}</CardDescription>
            <CardTitle>
              <span className="flex flex-wrap items-center gap-3 text-2xl" data-testid="current-plan">
                {live && planId ? PLANS[planId].name : billing.tenant.status === "trialing" ? t("planTrial", { plan: PLANS[billing.effectivePlanId].name }) : t("noPlan")}
                <Badge variant={statusVariant}>{statusLabel}</Badge>
              </span>
            </CardTitle>
          </CardHeader>
          <CardContent className="space-y-3 text-sm">
            {billing.trialDaysLeft !== null ? (
              <p>
                {billing.tenant.trialEndsAt
                  ? t("trialLeftEnds", { days: billing.trialDaysLeft, date: dateFormat.format(billing.tenant.trialEndsAt) })
                  : t("trialLeft", { days: billing.trialDaysLeft })}
              </p>
            ) : null}
            {live && nextAmount !== null && periodEnd ? (
              sub?.cancelAtPeriodEnd ? (
                <p>{t("endsOn", { date: periodEnd })}</p>
              ) : (
                <p>
                  {t.rich("nextInvoice", {
                    amount: formatMoney(nextAmount, currency, { locale }),
                    date: periodEnd,
                    cadence: t(interval === "year" ? "cadence.year" : "cadence.month"),
                    strong: (chunks) => <strong>{chunks}</strong>,
                  })}
                </p>
              )
            ) : null}
            {billing.localCreditCents > 0 ? <p data-testid="billing-credit">{t("credit", { amount: formatMoney(billing.localCreditCents, currency, { locale }) })}</p> : null}
            {billing.tenant.status === "past_due" ? (
              <p className="text-warning">{t("pastDue")}</p>
            ) : null}
            {hasPermission(tenant.role, "billing:manage") ? (
              <SubscriptionActions hasSubscription={live} cancelAtPeriodEnd={!!sub?.cancelAtPeriodEnd} periodEnd={periodEnd} hasCustomer={!!sub} attemptId={attemptId} />
            ) : null}
            {hasPermission(tenant.role, "billing:manage") ? <CurrencyChoice currency={currency} locked={billing.currencyLocked} /> : null}
            <p className="text-xs text-muted-foreground">{t(billing.provider === "stripe" ? "paymentsStripe" : "paymentsLocal")}</p>
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
            customDomains={billing.inUse.customDomains}
            initialInterval={wantedInterval}
            highlightPlanId={wantedPlan}
            // Chosen on /pricing in another currency: the plan is highlighted, not bought at a price not shown.
            autoCheckout={query.start === "1" && (query.currency === undefined || query.currency === currency)}
            attemptId={attemptId}
          />
        ) : null}

        <BillingDetailsForm saved={billing.details} editable={hasPermission(tenant.role, "billing:manage")} stripe={billing.provider === "stripe"} />

        {billing.provider === "local" ? <LocalPaymentMethod card={testCardOfKind(billing.localCard)} kind={billing.localCard} /> : null}

        <section aria-labelledby="invoices-heading" className="space-y-3">
          <h2 id="invoices-heading" className="text-lg font-semibold">
            {t("invoices.heading")}
          </h2>
          {billing.invoices.length === 0 ? (
            <EmptyState title={t("invoices.emptyTitle")} description={t("invoices.emptyDescription")} />
          ) : (
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>{t("invoices.date")}</TableHead>
                  <TableHead>{t("invoices.amount")}</TableHead>
                  <TableHead>{t("invoices.status")}</TableHead>
                  <TableHead>{t("invoices.invoice")}</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {billing.invoices.map((invoice) => (
                  <TableRow key={invoice.id}>
                    <TableCell>{dateFormat.format(invoice.createdAt)}</TableCell>
                    <TableCell>{formatMoney(invoice.amountCents, invoice.currency, { locale })}</TableCell>
                    <TableCell>
                      <Badge variant={invoice.status === "paid" ? "success" : invoice.status === "failed" ? "destructive" : "outline"}>
                        {isKnownInvoiceStatus(invoice.status) ? t(`invoices.statusValue.${invoice.status}`) : invoice.status}
                      </Badge>
                    </TableCell>
                    <TableCell>
                      {invoice.hostedUrl ? (
                        <span className="flex flex-wrap gap-x-3">
                          <a href={httpsOnly(invoice.hostedUrl)} className="text-primary underline-offset-4 hover:underline" rel="noreferrer" target="_blank">
                            {invoice.number ?? t("invoices.view")}
                          </a>
                          {invoice.pdfUrl ? (
                            <a
                              href={httpsOnly(invoice.pdfUrl)}
                              className="text-primary underline-offset-4 hover:underline"
                              rel="noreferrer"
                              target="_blank"
                              aria-label={invoice.number ? t("invoices.downloadPdf", { number: invoice.number }) : t("invoices.downloadPdfNoNumber")}
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
                          aria-label={invoice.number ? t("invoices.downloadPdf", { number: invoice.number }) : t("invoices.downloadPdfNoNumber")}
                        >
                          {t("invoices.pdfLink", { number: invoice.number ?? t("invoices.invoice") })}
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
    </TrpcQueryProvider>
  );
}

/** Stripe's links are https; anything else (a tampered row) is not made a link target. */
function httpsOnly(url: string): string | undefined {
  return url.startsWith("https://") ? url : undefined;
}

/** Offline, the test card that paid the last checkout pays the renewals: shown as a saved card. */
async function LocalPaymentMethod({ card, kind }: { card: { last4: string; label: string } | null; kind: string | null }) {
  const t = await getTranslations("Billing.paymentMethod");
  const label = kind === "success" || kind === "declined" || kind === "fails_renewal" ? t(`card.${kind}`) : (card?.label ?? "");
  return (
    <Card id="payment-method">
      <CardHeader>
        <CardTitle>{t("title")}</CardTitle>
        <CardDescription>{t("description")}</CardDescription>
      </CardHeader>
      <CardContent className="text-sm">
        {card ? (
          <p data-testid="saved-card">
            {t.rich("saved", { last4: card.last4, label, strong: (chunks) => <span className="font-medium">{chunks}</span> })}
          </p>
        ) : (
          <p className="text-muted-foreground">{t("none")}</p>
        )}
      </CardContent>
    </Card>
  );
}

export default withClientMessages(["Billing", "AuthVerifyEmail"], BillingPage);
