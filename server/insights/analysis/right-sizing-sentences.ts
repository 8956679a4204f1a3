import { formatLimit, formatMoney, PLANS, USAGE_METRICS } from "../../../lib/plans";
import type { DowngradeFact, OverageFact, UpgradeFact } from "./right-sizing";

const NUMBER_WORDS = ["zero", "one", "two", "three", "four", "five", "six"];
const count = (n: number) => NUMBER_WORDS[n] ?? String(n);
const units = (n: number) => n.toLocaleString("en-US");

/** "At most 16 % of Pro used in the last three periods — Starter saves $70 a month." */
export function downgradeSentence(fact: DowngradeFact): string {
  const from = PLANS[fact.fromPlanId].name;
  const to = PLANS[fact.toPlanId].name;
  const overage = fact.targetOverageCents > 0 ? `, after about ${formatMoney(fact.targetOverageCents, fact.currency)} of overage` : "";
  return `At most ${fact.maxUsedPercent} % of ${from} used in the last ${count(fact.periods)} periods — ${to} saves ${formatMoney(fact.monthlySavingsCents, fact.currency)} a month${overage}.`;
}

/** "This period's overage will cost about $300 — Enterprise is cheaper above 300,000 units." */
export function overageSentence(fact: OverageFact): string {
  const cost = `This period's overage will cost about ${formatMoney(fact.overageCents, fact.currency)} (${units(fact.overageUnits)} units over ${units(fact.limit)})`;
  if (!fact.alternative) return `${cost}.`;
  return `${cost} — ${PLANS[fact.alternative.planId].name} is cheaper above ${units(fact.alternative.breakEvenUnits)} units.`;
}

/** "Usage units this period will pass Starter's hard limit of 10,000 (about 14,000) — Pro raises it to 100,000 for $70 more a month." */
export function upgradeSentence(fact: UpgradeFact): string {
  const label = USAGE_METRICS[fact.metric].label;
  const pass = `${label} this period will pass ${PLANS[fact.planId].name}'s hard limit of ${units(fact.limit)} (about ${units(Math.round(fact.projected))})`;
  if (!fact.toPlanId || fact.newLimit === null || fact.extraMonthlyCents === null) return `${pass} — only a custom plan holds that; talk to us.`;
  return `${pass} — ${PLANS[fact.toPlanId].name} raises it to ${formatLimit(fact.newLimit)} for ${formatMoney(fact.extraMonthlyCents, fact.currency)} more a month.`;
}
