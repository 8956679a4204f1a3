import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import Link from "next/link";
import { notFound } from "next/navigation";
import { LocalCheckoutForm } from "@/components/billing/checkout-form";
import { Alert } from "@/components/ui/alert";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { formatMoney, isPlanId, PLANS, priceCents, type BillingInterval } from "@/lib/plans";
import { getBillingProvider } from "@/server/billing/get-provider";
import { getLocalCheckout } from "@/server/billing/local/get-local-checkout";
import { requireWorkspacePage } from "@/server/trpc/tenant-surface";
import { withClientMessages } from "@/components/i18n/client-messages";
import { TrpcQueryProvider } from "@/components/trpc/client";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("BillingCheckout");
  return { title: t("title") };
}

type Props = { params: Promise<{ tenant: string; sessionId: string }>; searchParams: Promise<Record<string, string | undefined>> };

// Atrium's own checkout page, used when no Stripe keys are configured.
async function LocalCheckoutPage({ params, searchParams }: Props) {
  const { tenant: slug, sessionId } = await params;
  // Only these two places: the value never becomes a URL of its own.
  const back = (await searchParams).return === "onboarding" ? "/dashboard/onboarding" : "/dashboard/billing";
  const { tenant, denied } = await requireWorkspacePage(slug, { capability: "billing", permission: "billing:manage" });
  if (getBillingProvider().kind !== "local" || denied) notFound();
  const session = await getLocalCheckout({ tenantId: tenant.id, sessionId });
  if (!session || !isPlanId(session.planId)) notFound();
  const t = await getTranslations("BillingCheckout");
  const locale = await getLocale();
  const plan = PLANS[session.planId];
  const interval = session.interval as BillingInterval;
  // In the currency the checkout started in (the workspace's then; paying is refused if it changed).
  const amount = formatMoney(priceCents(plan, interval, session.currency) ?? 0, session.currency, { locale });
  const usable = session.status === "open" && session.expiresAt > new Date();
  return (
    <TrpcQueryProvider>
      <div className="mx-auto max-w-md">
        <Card>
          <CardHeader>
            <CardDescription>{tenant.name}</CardDescription>
            <CardTitle>
              <span className="text-xl">
                {t("heading", { plan: plan.name, amount, interval: t(interval === "year" ? "interval.year" : "interval.month") })}
              </span>
            </CardTitle>
          </CardHeader>
          <CardContent>
            {usable ? (
              <LocalCheckoutForm sessionId={session.id} amountLabel={amount} successPath={`${back}?checkout=success`} />
            ) : (
              <Alert variant="warning" title={session.status === "completed" ? t("alreadyPaid") : t("unusable")}>
                {session.status === "completed" ? t("complete") : t("expired")}{" "}
                <Link href={back} className="underline">
                  {back === "/dashboard/billing" ? t("backToBilling") : t("backToSetup")}
                </Link>
              </Alert>
            )}
            <p className="mt-4 text-center text-sm">
              <Link href={`${back}?checkout=cancelled`} className="text-muted-foreground underline-offset-4 hover:underline">
                {t("cancel")}
              </Link>
            </p>
          </CardContent>
        </Card>
      </div>
    </TrpcQueryProvider>
  );
}

export default withClientMessages(["BillingCheckout"], LocalCheckoutPage);
