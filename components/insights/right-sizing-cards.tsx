import type { ReactNode } from "react";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { FEATURE_LABELS, formatLimit, formatMoney, LIMIT_LABELS, PLANS, USAGE_METRICS } from "@/lib/plans";
import type { InsightFacts } from "./types";
import { num } from "./format";

type RightSizing = InsightFacts["rightSizing"];

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
  return (
    <SizingCard title={`Move to ${PLANS[fact.toPlanId].name}`} sentence={sentence} testId="insight-downgrade">
      <Figure label={`Most of ${PLANS[fact.fromPlanId].name} used (last ${fact.periods} periods)`} testId="downgrade-max-used">
        {fact.maxUsedPercent} %
      </Figure>
      <Figure label="Binding limit">{LIMIT_LABELS[fact.bindingLimit]}</Figure>
      <Figure label={`${PLANS[fact.fromPlanId].name} a month`} testId="downgrade-current-price">
        {formatMoney(fact.currentMonthlyCents, fact.currency)}
      </Figure>
      <Figure label={`${PLANS[fact.toPlanId].name} a month`} testId="downgrade-target-price">
        {formatMoney(fact.targetMonthlyCents, fact.currency)}
      </Figure>
      {fact.targetOverageCents > 0 ? <Figure label={`Overage on ${PLANS[fact.toPlanId].name} (average a month)`}>{formatMoney(fact.targetOverageCents, fact.currency)}</Figure> : null}
      <Figure label="Saving a month" testId="downgrade-saving">
        {formatMoney(fact.monthlySavingsCents, fact.currency)}
      </Figure>
    </SizingCard>
  );
}

function Overage({ fact, sentence }: { fact: NonNullable<RightSizing["overage"]>; sentence: string }) {
  const alt = fact.alternative;
  return (
    <SizingCard title="Overage this period" sentence={sentence} testId="insight-overage">
      <Figure label="Expected units this period">{num(Math.round(fact.projectedUnits))}</Figure>
      <Figure label={`${PLANS[fact.planId].name} limit`}>{num(fact.limit)}</Figure>
      <Figure label="Units over the limit">{num(Math.round(fact.overageUnits))}</Figure>
      <Figure label="Overage cost" testId="overage-cost">
        {formatMoney(fact.overageCents, fact.currency)}
      </Figure>
      {alt ? (
        <>
          <Figure label={`${PLANS[alt.planId].name} is cheaper above`}>{num(alt.breakEvenUnits)} units</Figure>
          <Figure label={`Saving on ${PLANS[alt.planId].name} this period`}>{alt.cheaperNow ? formatMoney(alt.savingsCents, fact.currency) : "none yet"}</Figure>
        </>
      ) : null}
    </SizingCard>
  );
}

function Upgrade({ fact, sentence }: { fact: RightSizing["upgrades"][number]; sentence: string }) {
  return (
    <SizingCard title={`${USAGE_METRICS[fact.metric].label}: hard limit ahead`} sentence={sentence} testId="insight-upgrade">
      <Figure label={`${PLANS[fact.planId].name} limit`}>{num(fact.limit)}</Figure>
      <Figure label="Expected this period">{num(Math.round(fact.projected))}</Figure>
      <Figure label="Plan that holds it">{fact.toPlanId ? PLANS[fact.toPlanId].name : "Custom plan"}</Figure>
      {fact.newLimit !== null ? <Figure label="New limit">{formatLimit(fact.newLimit)}</Figure> : null}
      {fact.extraMonthlyCents !== null ? <Figure label="Extra a month">{formatMoney(fact.extraMonthlyCents, fact.currency)}</Figure> : null}
    </SizingCard>
  );
}

function rejectionText(r: RightSizing["rejected"][number]): string {
  const plan = PLANS[r.planId].name;
  if (r.reason === "feature") return `${plan} does not include ${FEATURE_LABELS[r.feature]}, which you use.`;
  if (r.reason === "no-saving") return `${plan} would not cost less once its overage is counted.`;
  const limit = `${LIMIT_LABELS[r.limit]}: ${plan} allows ${num(r.allowed)}`;
  return r.peak === null ? `${limit}, and your peak is not known yet.` : `${limit}, your peak was ${num(r.peak)} (too close to or over it).`;
}

export function RightSizingCards({ rightSizing, planId }: { rightSizing: RightSizing; planId: InsightFacts["planId"] }) {
  const { downgrade, overage, upgrades, sentences } = rightSizing;
  // The stored sentences come in this order: the downgrade, the overage, then each upgrade.
  let next = 0;
  const downgradeText = downgrade ? (sentences[next++] ?? "") : "";
  const overageText = overage ? (sentences[next++] ?? "") : "";
  const upgradeTexts = upgrades.map((_, i) => sentences[next + i] ?? "");
  if (!downgrade && !overage && upgrades.length === 0) {
    return (
      <div className="space-y-2 text-sm" data-testid="insight-plan-fits">
        <p>{PLANS[planId].name} fits your usage: no cheaper plan holds it, and no limit or overage is ahead this period.</p>
        {rightSizing.rejected.length > 0 ? (
          <ul className="list-disc space-y-1 pl-5 text-muted-foreground">
            {rightSizing.rejected.map((r) => (
              <li key={`${r.planId}-${r.reason}`}>{rejectionText(r)}</li>
            ))}
          </ul>
        ) : (
          <p className="text-muted-foreground">A cheaper plan is only suggested after three complete billing periods.</p>
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
