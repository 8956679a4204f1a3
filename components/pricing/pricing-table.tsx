"use client";

import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import { useSessionState } from "@/components/auth/use-session-state";
import { IntervalToggle } from "@/components/billing/interval-toggle";
import { SegmentedControl } from "@/components/ui/segmented-control";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClassName } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { choosePlanAction } from "@/server/billing/actions";
import { FEATURES, formatLimit, formatMoney, LIMIT_METRICS, PLAN_IDS, PLANS, priceCents, CURRENCY_OPTIONS, type BillingInterval, type Currency, type Feature, type Limit, type PlanId } from "@/lib/plans";
import { INTL_LOCALE, marketingPath, type Locale } from "@/lib/i18n/locales";

/** A long name with a soft hyphen near its middle: where it breaks when its column is too narrow. */
function breakable(name: string): string {
  return name.length > 8 && !name.includes(" ") ? `${name.slice(0, Math.ceil(name.length / 2))}\u00ad${name.slice(Math.ceil(name.length / 2))}` : name;
}

/** A card's features: of the two SLAs only the plan's highest. */
function cardFeatures(id: PlanId): Feature[] {
  const features = PLANS[id].features;
  return FEATURES.filter((f) => features[f] && !(f === "sla99_9" && features.sla99_99));
}

const compact = (locale: Locale) => new Intl.NumberFormat(INTL_LOCALE[locale], { notation: "compact", maximumFractionDigits: 1 });

/** Full figures from the small breakpoint up; "1M" on a phone, so the comparison fits without scrolling. */
function LimitValue({ limit, locale }: { limit: Limit; locale: Locale }) {
  // "∞" on a phone: "Unbegrenzt" does not fit a quarter of 390 px.
  if (limit === "unlimited") {
    return (
      <>
        <span className="sm:hidden" aria-hidden>
          ∞
        </span>
        <span className="sr-only sm:not-sr-only">{formatLimit(limit, locale)}</span>
      </>
    );
  }
  return (
    <>
      <span className="sm:hidden">{compact(locale).format(limit)}</span>
      <span className="hidden sm:inline">{formatLimit(limit, locale)}</span>
    </>
  );
}

/** On the prerendered pricing page: signed-in visitors (known once the session answer arrives) choose a plan directly. */
export function PricingTable() {
  const [interval, setInterval] = useState<BillingInterval>("month");
  // Each workspace picks its currency in Billing before its first subscription; this only shows the prices.
  const [currency, setCurrency] = useState<Currency>("usd");
  const signedIn = useSessionState().status === "signed-in";
  const t = useTranslations("MarketingPricing");
  const plans = useTranslations("Plans");
  const locale = useLocale();
  return (
    <div className="space-y-16">
      <div className="space-y-6">
        <div className="flex flex-wrap justify-center gap-3">
          <IntervalToggle value={interval} onChange={setInterval} />
          <SegmentedControl label={plans("currency")} value={currency} options={CURRENCY_OPTIONS} onChange={setCurrency} />
        </div>
        <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-4">
          {PLAN_IDS.map((id) => {
            const plan = PLANS[id];
            const price = priceCents(plan, interval, currency);
            return (
              <Card key={id} className={cn("flex flex-col", id === "pro" && "ring-2 ring-primary")}>
                <CardHeader>
                  <div className="flex items-center justify-between">
                    <CardTitle>{plan.name}</CardTitle>
                    {id === "pro" ? <Badge>{t("mostPopular")}</Badge> : null}
                  </div>
                  <CardDescription>{plans(`tagline.${id}`)}</CardDescription>
                </CardHeader>
                <CardContent className="flex-1 space-y-4">
                  <p className="text-3xl font-bold tracking-tight">
                    {price === null ? t("letsTalk") : formatMoney(price, currency, { locale })}
                    {price === null ? null : <span className="text-base font-normal text-muted-foreground">{plans("perInterval", { interval })}</span>}
                  </p>
                  {price !== null && interval === "year" ? <p className="text-sm text-success">{t("twoMonthsFree")}</p> : null}
                  <ul className="space-y-1 text-sm" aria-label={t("includes", { plan: plan.name })}>
                    <li>{t("members", { members: formatLimit(plan.limits.members, locale), unlimited: plan.limits.members === "unlimited" ? "yes" : "no" })}</li>
                    <li>{t("apiCalls", { calls: formatLimit(plan.limits.apiCallsPerMonth, locale), unlimited: plan.limits.apiCallsPerMonth === "unlimited" ? "yes" : "no" })}</li>
                    {cardFeatures(id).map((f) => (
                      <li key={f}>{plans(`feature.${f}`)}</li>
                    ))}
                  </ul>
                </CardContent>
                <CardFooter>
                  {!plan.selfServe ? (
                    <a href="mailto:sales@atrium.localhost" className={buttonClassName({ variant: "outline", className: "w-full" })}>
                      {t("contactSales")}
                    </a>
                  ) : signedIn ? (
                    <form action={choosePlanAction} className="w-full">
                      <input type="hidden" name="planId" value={id} />
                      <input type="hidden" name="interval" value={interval} />
                      <input type="hidden" name="currency" value={currency} />
                      <Button type="submit" className="w-full" variant={id === "pro" ? "primary" : "outline"}>
                        {t("choosePlan", { plan: plan.name })}
                      </Button>
                    </form>
                  ) : (
                    // Every trial is Pro's: the button says so rather than promising this plan.
                    <div className="w-full space-y-2">
                      <Link href={marketingPath(locale, "/sign-up")} className={buttonClassName({ variant: id === "pro" ? "primary" : "outline", className: "w-full" })}>
                        {id === "pro" ? t("startTrial") : t("startWithPro")}
                      </Link>
                      <p className="text-center text-xs text-muted-foreground">
                        {id === "pro" ? t("trialNote") : t("trialThenPlan", { plan: plan.name })}
                      </p>
                    </div>
                  )}
                </CardFooter>
              </Card>
            );
          })}
        </div>
      </div>

      <section aria-labelledby="compare-heading">
        <h2 id="compare-heading" className="mb-4 text-2xl font-semibold tracking-tight">
          {t("compareTitle")}
        </h2>
        <div className="rounded-md border border-border">
          <table className="w-full table-fixed text-xs sm:text-sm">
            <thead className="bg-muted/50">
              <tr>
                <th scope="col" className="w-[28%] p-2 text-left font-medium sm:w-[34%] sm:p-3">
                  <span className="sr-only">{t("limitOrFeature")}</span>
                </th>
                {PLAN_IDS.map((id) => (
                  // On a phone a column is about 60 px: a long name breaks at its soft hyphen
                  // ("Enter-prise") rather than run into the next column.
                  <th key={id} scope="col" className="p-1 text-left text-[11px] font-medium sm:p-3 sm:text-sm">
                    {breakable(PLANS[id].name)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {LIMIT_METRICS.map((m) => (
                <tr key={m} className="border-t border-border">
                  <th scope="row" className="p-2 text-left font-normal text-muted-foreground sm:p-3">
                    {plans(`limit.${m}`)}
                  </th>
                  {PLAN_IDS.map((id) => (
                    <td key={id} className="p-1 tabular-nums sm:p-3">
                      <LimitValue limit={PLANS[id].limits[m]} locale={locale} />
                    </td>
                  ))}
                </tr>
              ))}
              {FEATURES.map((f) => (
                <tr key={f} className="border-t border-border">
                  <th scope="row" className="p-2 text-left font-normal text-muted-foreground sm:p-3">
                    {plans(`feature.${f}`)}
                  </th>
                  {PLAN_IDS.map((id) => (
                    <td key={id} className="p-1 sm:p-3">
                      {PLANS[id].features[f] ? <span aria-label={t("included")}>✓</span> : <span aria-label={t("notIncluded")} className="text-muted-foreground">—</span>}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
