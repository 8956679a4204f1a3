import type { ReactNode } from "react";
import { useLocale, useTranslations } from "next-intl";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { downgradeSentence, overageSentence, upgradeSentence, type InsightWords } from "@/lib/insight-sentences";
import { formatLimit, formatMoney, PLANS } from "@/lib/plans";
import type { InsightFacts } from "./types";
import { useInsightFormat } from "./format";

type RightSizing = InsightFacts["rightSizing"];

/** Money in the reader's language. */
function useMoney(): (cents: number, currency?: string) => string {
  const locale = useLocale();
  return (cents, currency) => formatMoney(cents, currency, { locale });
}

function Figure({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="flex flex-wrap justify-between gap-x-4 border-b border-border py-1.5 last:border-b-0">
      <dt className="text-muted-foreground">{label}</dt>
      <dd className="font-medium tabular-nums" data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}

function SizingCard({ title, sentence, testId, children }: { title: string; sentence: string; testId: string; children: ReactNode }) {
  return (
    <Card data-testid={testId}>
      <CardHeader className="pb-2 sm:pb-3">
        <CardTitle as="h3">{title}</CardTitle>
        <p className="text-sm">{sentence}</p>
      </CardHeader>
      <CardContent>
        <dl className="text-sm">{children}</dl>
      </CardContent>
    </Card>
  );
}

function Downgrade({ fact, sentence }: { fact: NonNullable<RightSizing["downgrade"]>; sentence: string }) {
  const t = useTranslations("BillingInsights.sizing");
  const tPlans = useTranslations("Plans");
  const money = useMoney();
  const { num } = useInsightFormat();
  return (
    <SizingCard title={t("moveTo", { plan: PLANS[fact.toPlanId].name })} sentence={sentence} testId="insight-downgrade">
      <Figure label={t("mostUsed", { plan: PLANS[fact.fromPlanId].name, periods: fact.periods })} testId="downgrade-max-used">
        {num(fact.maxUsedPercent)} %
      </Figure>
      <Figure label={t("bindingLimit")}>{tPlans(`limit.${fact.bindingLimit}`)}</Figure>
      <Figure label={t("aMonth", { plan: PLANS[fact.fromPlanId].name })} testId="downgrade-current-price">
        {money(fact.currentMonthlyCents, fact.currency)}
      </Figure>
      <Figure label={t("aMonth", { plan: PLANS[fact.toPlanId].name })} testId="downgrade-target-price">
        {money(fact.targetMonthlyCents, fact.currency)}
      </Figure>
      {fact.targetOverageCents > 0 ? <Figure label={t("overageOn", { plan: PLANS[fact.toPlanId].name })}>{money(fact.targetOverageCents, fact.currency)}</Figure> : null}
      <Figure label={t("savingMonth")} testId="downgrade-saving">
        {money(fact.monthlySavingsCents, fact.currency)}
      </Figure>
    </SizingCard>
  );
}

function Overage({ fact, sentence }: { fact: NonNullable<RightSizing["overage"]>; sentence: string }) {
  const t = useTranslations("BillingInsights.sizing");
  const money = useMoney();
  const { num } = useInsightFormat();
  const alt = fact.alternative;
  return (
    <SizingCard title={t("overageTitle")} sentence={sentence} testId="insight-overage">
      <Figure label={t("expectedUnits")}>{num(Math.round(fact.projectedUnits))}</Figure>
      <Figure label={t("planLimit", { plan: PLANS[fact.planId].name })}>{num(fact.limit)}</Figure>
      <Figure label={t("unitsOver")}>{num(Math.round(fact.overageUnits))}</Figure>
      <Figure label={t("overageCost")} testId="overage-cost">
        {money(fact.overageCents, fact.currency)}
      </Figure>
      {alt ? (
        <>
          <Figure label={t("cheaperAbove", { plan: PLANS[alt.planId].name })}>{t("units", { units: num(alt.breakEvenUnits) })}</Figure>
          <Figure label={t("savingOn", { plan: PLANS[alt.planId].name })}>{alt.cheaperNow ? money(alt.savingsCents, fact.currency) : t("noneYet")}</Figure>
        </>
      ) : null}
    </SizingCard>
  );
}

function Upgrade({ fact, sentence }: { fact: RightSizing["upgrades"][number]; sentence: string }) {
  const t = useTranslations("BillingInsights.sizing");
  const tUsage = useTranslations("BillingUsage");
  const locale = useLocale();
  const money = useMoney();
  const { num } = useInsightFormat();
  return (
    <SizingCard title={t("hardLimitAhead", { metric: tUsage(`metric.${fact.metric}`) })} sentence={sentence} testId="insight-upgrade">
      <Figure label={t("planLimit", { plan: PLANS[fact.planId].name })}>{num(fact.limit)}</Figure>
      <Figure label={t("expected")}>{num(Math.round(fact.projected))}</Figure>
      <Figure label={t("planThatHolds")}>{fact.toPlanId ? PLANS[fact.toPlanId].name : t("customPlan")}</Figure>
      {fact.newLimit !== null ? <Figure label={t("newLimit")}>{formatLimit(fact.newLimit, locale)}</Figure> : null}
      {fact.extraMonthlyCents !== null ? <Figure label={t("extraMonth")}>{money(fact.extraMonthlyCents, fact.currency)}</Figure> : null}
    </SizingCard>
  );
}

function useRejectionText(): (r: RightSizing["rejected"][number]) => string {
  const t = useTranslations("BillingInsights.sizing");
  const tPlans = useTranslations("Plans");
  const { num } = useInsightFormat();
  return (r) => {
    const plan = PLANS[r.planId].name;
    if (r.reason === "feature") return t("rejectFeature", { plan, feature: tPlans(`feature.${r.feature}`) });
    if (r.reason === "no-saving") return t("rejectNoSaving", { plan });
    const label = tPlans(`limit.${r.limit}`);
    return r.peak === null ? t("rejectPeakUnknown", { label, plan, allowed: num(r.allowed) }) : t("rejectPeak", { label, plan, allowed: num(r.allowed), peak: num(r.peak) });
  };
}

/** The sentences' words in the reader's language (the report stores them in English only). */
function useInsightWords(): InsightWords {
  const locale = useLocale();
  const sentence = useTranslations("BillingInsights.sentence");
  const metric = useTranslations("BillingUsage.metric");
  return { locale, t: (key, values) => sentence(key, values), metric: (m) => metric(m) };
}

export function RightSizingCards({ rightSizing, planId }: { rightSizing: RightSizing; planId: InsightFacts["planId"] }) {
  const t = useTranslations("BillingInsights.sizing");
  const rejectionText = useRejectionText();
  const words = useInsightWords();
  const { downgrade, overage, upgrades } = rightSizing;
  const downgradeText = downgrade ? downgradeSentence(downgrade, words) : "";
  const overageText = overage ? overageSentence(overage, words) : "";
  const upgradeTexts = upgrades.map((u) => upgradeSentence(u, words));
  if (!downgrade && !overage && upgrades.length === 0) {
    return (
      <div className="space-y-2 text-sm" data-testid="insight-plan-fits">
        <p>{t("fits", { plan: PLANS[planId].name })}</p>
        {rightSizing.rejected.length > 0 ? (
          <ul className="list-disc space-y-1 pl-5 text-muted-foreground">
            {rightSizing.rejected.map((r) => (
              <li key={`${r.planId}-${r.reason}`}>{rejectionText(r)}</li>
            ))}
          </ul>
        ) : (
          <p className="text-muted-foreground">{t("threePeriods")}</p>
        )}
      </div>
    );
  }
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      {upgrades.map((u, i) => (
        <Upgrade key={u.metric} fact={u} sentence={upgradeTexts[i] ?? ""} />
      ))}
      {overage ? <Overage fact={overage} sentence={overageText} /> : null}
      {downgrade ? <Downgrade fact={downgrade} sentence={downgradeText} /> : null}
    </div>
  );
}
