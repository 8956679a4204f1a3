import { featureLossSentence, overLimitSentence, type PlanFit } from "@/lib/plan-fit";
import { formatLimit, overagePriceText, PLANS, type Currency, type Feature, type LimitMetric, type PlanId } from "@/lib/plans";

// What a plan card in Billing says besides its price: its limits and features, and, for a move
// down, what stands in the way or would be lost. Plain markup, for the client picker to place.

const LIMIT_LINES: [LimitMetric, string][] = [
  ["members", "members"],
  ["apiCallsPerMonth", "API calls a month"],
  ["usageUnitsPerMonth", "usage units a month"],
  ["storageGb", "GB storage"],
  ["apiKeys", "API keys"],
  ["webhookEndpoints", "webhook endpoints"],
];

/** Features worth a line; of the two SLAs only the plan's highest. */
function featureLines(planId: PlanId): string[] {
  const f = PLANS[planId].features;
  const has = (feature: Feature) => f[feature];
  return [
    has("sla99_99") ? "99.99 % uptime SLA" : has("sla99_9") ? "99.9 % uptime SLA" : null,
    has("customDomain") ? "Custom domain" : null,
    has("auditLogExport") ? "Audit log export" : null,
    has("sso") ? "Single sign-on (SSO)" : null,
    has("prioritySupport") ? "Priority support" : null,
  ].filter((line): line is string => line !== null);
}

export function PlanLimits({ planId, currency = "usd" }: { planId: PlanId; currency?: Currency }) {
  const plan = PLANS[planId];
  const overage = overagePriceText(planId, currency);
  return (
    <ul className="mt-4 space-y-1 text-sm" aria-label={`${plan.name} includes`}>
      {LIMIT_LINES.map(([metric, label]) => {
        const limit = plan.limits[metric];
        return (
          <li key={metric}>
            <span className="font-medium tabular-nums">{limit === "unlimited" ? "Unlimited" : formatLimit(limit)}</span> {label}
            {metric === "usageUnitsPerMonth" && overage ? <span className="text-muted-foreground">, then {overage}</span> : null}
          </li>
        );
      })}
      {featureLines(planId).map((line) => (
        <li key={line}>
          <span aria-hidden="true">✓ </span>
          {line}
        </li>
      ))}
    </ul>
  );
}

/** Why the workspace cannot move to this plan yet (id: for the button's aria-describedby). */
export function DoesNotFit({ fit, id }: { fit: PlanFit; id: string }) {
  return (
    <div id={id} className="mt-4 rounded-md border border-warning/40 bg-warning/10 p-3 text-sm" data-testid={`does-not-fit-${fit.planId}`}>
      <p className="font-medium">Before moving to {PLANS[fit.planId].name}:</p>
      <ul className="mt-1 list-disc space-y-0.5 pl-5">
        {fit.over.map((o) => (
          <li key={o.limit}>{overLimitSentence(fit.planId, o)}</li>
        ))}
      </ul>
    </div>
  );
}

/** The confirmation's words for what a move down takes away. */
export function lossesText(fit: PlanFit): string {
  return fit.losing.length ? ` You lose: ${fit.losing.map(featureLossSentence).join("; ")}.` : "";
}
