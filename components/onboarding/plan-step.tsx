"use client";

import { useMutation } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import { PlanLimits } from "@/components/billing/plan-details";
import { IntervalToggle } from "@/components/billing/interval-toggle";
import { toClientError, useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { formatMoney, PLANS, priceCents, type BillingInterval, type Currency, SELF_SERVE_PLAN_IDS } from "@/lib/plans";

/**
 * Step 4's plans, in the step: choosing one goes through checkout and comes back to step 5
 * (returnTo "onboarding"); staying on the trial is the step's other button, not a detour.
 */
export function PlanStep({ attemptId, currency }: { attemptId: string; currency: Currency }) {
  const t = useTranslations("DashboardOnboarding");
  const tp = useTranslations("Plans");
  const locale = useLocale();
  const trpc = useTRPC();
  const [interval, setInterval] = useState<BillingInterval>("month");
  const checkout = useMutation(trpc.billing.createCheckout.mutationOptions({ onSuccess: ({ url }) => window.location.assign(url) }));
  const error = checkout.error ? toClientError(checkout.error) : null;
  return (
    <div className="space-y-4" data-testid="onboarding-plans">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-muted-foreground">{t("orChoosePlan")}</p>
        <IntervalToggle value={interval} onChange={setInterval} />
      </div>
      {error ? <Alert variant="error" title={t("checkoutFailed")}>{error.message}</Alert> : null}
      <div className="grid gap-3 md:grid-cols-3">
        {SELF_SERVE_PLAN_IDS.map((id) => {
          const plan = PLANS[id];
          const price = priceCents(plan, interval, currency);
          return (
            <div key={id} className="flex flex-col rounded-md border border-border p-4">
              <h3 className="font-semibold">{plan.name}</h3>
              <p className="mt-1 text-xl font-bold tracking-tight">
                {price === null ? "—" : formatMoney(price, currency, { locale })}
                <span className="text-sm font-normal text-muted-foreground">{tp("perInterval", { interval })}</span>
              </p>
              <div className="flex-1">
                <PlanLimits planId={id} currency={currency} />
              </div>
              <Button
                type="button"
                variant="outline"
                className="mt-4 w-full"
                loading={checkout.isPending && checkout.variables?.planId === id}
                disabled={checkout.isPending}
                onClick={() => checkout.mutate({ planId: id, interval, attemptId, returnTo: "onboarding" })}
              >
                {t("choosePlan", { plan: plan.name })}
              </Button>
            </div>
          );
        })}
      </div>
    </div>
  );
}
