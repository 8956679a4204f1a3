"use client";

import { useMutation } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { toClientError, useTRPC } from "@/components/trpc/client";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/dialog";
import { useToast } from "@/components/ui/toast";
import { formatMoney, PLANS, priceCents, type BillingInterval, type Currency, type PlanId, SELF_SERVE_PLAN_IDS } from "@/lib/plans";
import { isLowerPlan, type PlanFit } from "@/lib/plan-fit";
import { IntervalToggle } from "./interval-toggle";
import { DoesNotFit, PlanLimits, useLossesText } from "./plan-details";

type Props = {
  /** The workspace's billing currency: every price here is in it. */
  currency: Currency;
  currentPlanId: PlanId | null;
  currentInterval: BillingInterval | null;
  hasSubscription: boolean;
  /** What the workspace has today (a trial has Pro): a plan below it is a move down. */
  effectivePlanId: PlanId;
  /** Whether the workspace fits each plan (lib/plan-fit.ts), as the server will judge a move. */
  fits: Record<PlanId, PlanFit>;
  /** How many custom domains the workspace has (what a move without them would stop). */
  customDomains: number;
  initialInterval?: BillingInterval;
  highlightPlanId?: PlanId | null;
  /** Arrived from the pricing page: start checkout for the highlighted plan right away. */
  autoCheckout?: boolean;
  /** Made by the server with this render: a double click or a retry is the same checkout. */
  attemptId: string;
};

export function PlanPicker({ currency, currentPlanId, currentInterval, hasSubscription, effectivePlanId, fits, customDomains, initialInterval, highlightPlanId, autoCheckout, attemptId }: Props) {
  const t = useTranslations("Billing.picker");
  const tBilling = useTranslations("Billing");
  const tPlans = useTranslations("Plans");
  const locale = useLocale();
  const money = (cents: number) => formatMoney(cents, currency, { locale });
  const lossesText = useLossesText(customDomains);
  const trpc = useTRPC();
  const router = useRouter();
  const { toast } = useToast();
  const [interval, setInterval] = useState<BillingInterval>(initialInterval ?? currentInterval ?? "month");
  const onError = (error: unknown) => toast({ title: tBilling("actions.failed"), description: toClientError(error).message, variant: "error" });
  const checkout = useMutation(trpc.billing.createCheckout.mutationOptions({ onSuccess: ({ url }) => window.location.assign(url), onError }));
  const change = useMutation(
    trpc.billing.changePlan.mutationOptions({
      onSuccess: ({ provider }) => {
        toast({ title: provider === "stripe" ? t("changeRequested") : t("changed"), description: provider === "stripe" ? t("stripeConfirms") : undefined, variant: "success" });
        router.refresh();
      },
      onError,
    }),
  );
  const started = useRef(false);
  useEffect(() => {
    if (!autoCheckout || hasSubscription || !highlightPlanId || started.current) return;
    started.current = true;
    checkout.mutate({ planId: highlightPlanId, interval, attemptId });
  }, [autoCheckout, hasSubscription, highlightPlanId, interval, checkout, attemptId]);
  const currentPrice = currentPlanId && currentInterval ? (priceCents(PLANS[currentPlanId], currentInterval, currency) ?? 0) : 0;
  // Today's price per the interval shown, so a yearly card is compared with a year of the monthly plan.
  const currentPer = (shown: BillingInterval) =>
    !currentInterval || currentInterval === shown ? currentPrice : shown === "year" ? currentPrice * 12 : Math.round(currentPrice / 12);

  return (
    <section aria-labelledby="plans-heading" className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="plans-heading" className="text-lg font-semibold">
          {hasSubscription ? t("changePlan") : t("choosePlan")}
        </h2>
        <IntervalToggle value={interval} onChange={setInterval} />
      </div>
      <div className="grid gap-4 lg:grid-cols-3">
        {SELF_SERVE_PLAN_IDS.map((id) => {
          const plan = PLANS[id];
          const price = priceCents(plan, interval, currency)!;
          const isCurrent = hasSubscription && id === currentPlanId && interval === currentInterval;
          const diff = price - currentPer(interval);
          // Another billing interval starts a new period now (the unused part of this one is credited).
          const newPeriod = hasSubscription && currentInterval !== null && currentInterval !== interval;
          const perUnit = tPlans("perInterval", { interval });
          const cadence = tBilling(interval === "year" ? "cadence.year" : "cadence.month");
          const busy = (checkout.isPending && checkout.variables?.planId === id) || (change.isPending && change.variables?.planId === id);
          const fit = fits[id];
          const down = isLowerPlan(id, hasSubscription && currentPlanId ? currentPlanId : effectivePlanId);
          const blocked = down && fit.over.length > 0;
          const blockedId = `does-not-fit-${id}`;
          return (
            <Card key={id} className={highlightPlanId === id ? "ring-2 ring-primary" : undefined}>
              <CardHeader>
                <div className="flex items-center justify-between gap-2">
                  <CardTitle>{plan.name}</CardTitle>
                  {isCurrent ? <Badge variant="success">{t("currentPlan")}</Badge> : null}
                </div>
                <CardDescription>{tPlans(`tagline.${id}`)}</CardDescription>
              </CardHeader>
              <CardContent>
                <p className="text-3xl font-bold tracking-tight">
                  {money(price)}
                  <span className="text-base font-normal text-muted-foreground">{perUnit}</span>
                </p>
                {hasSubscription && !isCurrent ? (
                  <p className="mt-1 text-sm text-muted-foreground">
                    {diff === 0 ? t("samePrice") : t("vsToday", { difference: `${diff > 0 ? "+" : "−"}${money(Math.abs(diff))}`, per: perUnit })}
                  </p>
                ) : null}
                <PlanLimits planId={id} currency={currency} />
                {blocked ? <DoesNotFit fit={fit} id={blockedId} /> : null}
              </CardContent>
              <CardFooter>
                {isCurrent ? (
                  <Button variant="outline" disabled className="w-full">
                    {t("currentPlan")}
                  </Button>
                ) : blocked ? (
                  <Button variant="outline" className="w-full" disabled aria-describedby={blockedId}>
                    {hasSubscription ? t("downgradeTo", { plan: plan.name }) : t("choose", { plan: plan.name })}
                  </Button>
                ) : hasSubscription ? (
                  <ConfirmDialog
                    trigger={
                      <Button variant={down ? "outline" : "primary"} className="w-full" loading={busy}>
                        {id === currentPlanId ? t("switchTo", { plan: plan.name }) : down ? t("downgradeTo", { plan: plan.name }) : t("upgradeTo", { plan: plan.name })}
                      </Button>
                    }
                    title={t("switchTitle", { plan: plan.name, cadence })}
                    description={
                      newPeriod
                        ? t("newPeriod", { price: money(price), per: perUnit, losses: down ? lossesText(fit) : "" })
                        : diff > 0
                        ? t("payMore", { amount: money(diff), per: perUnit })
                        : diff < 0
                          ? t("payLess", { amount: money(-diff), per: perUnit, losses: down ? lossesText(fit) : "" })
                          : t("priceSame")
                    }
                    confirmLabel={t("switchTo", { plan: plan.name })}
                    onConfirm={() => change.mutateAsync({ planId: id, interval, attemptId }).then(() => undefined)}
                  />
                ) : down ? (
                  // Choosing a plan below the trial's ends the trial's extras: asked, never at once.
                  <ConfirmDialog
                    trigger={
                      <Button variant="outline" className="w-full" loading={busy} disabled={checkout.isPending}>
                        {t("choose", { plan: plan.name })}
                      </Button>
                    }
                    title={t("chooseInstead", { plan: plan.name, current: PLANS[effectivePlanId].name })}
                    description={t("chooseLower", { current: PLANS[effectivePlanId].name, plan: plan.name, losses: lossesText(fit) })}
                    confirmLabel={t("continueWith", { plan: plan.name })}
                    onConfirm={() => checkout.mutateAsync({ planId: id, interval, attemptId }).then(() => undefined)}
                  />
                ) : (
                  <Button className="w-full" loading={busy} disabled={checkout.isPending} onClick={() => checkout.mutate({ planId: id, interval, attemptId })}>
                    {t("choose", { plan: plan.name })}
                  </Button>
                )}
              </CardFooter>
            </Card>
          );
        })}
      </div>
      <p className="text-sm text-muted-foreground">
        {t.rich("needMore", { strong: (chunks) => <span className="font-medium text-foreground">{chunks}</span> })}
      </p>
    </section>
  );
}
