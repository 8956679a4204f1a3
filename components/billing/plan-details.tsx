import { useLocale, useTranslations } from "next-intl";
import type { OverLimit, PlanFit } from "@/lib/plan-fit";
import { formatLimit, formatMoney, overageCentsPerThousand, PLANS, type Currency, type Feature, type LimitMetric, type PlanId } from "@/lib/plans";
import { INTL_LOCALE } from "@/lib/i18n/locales";

// What a plan card in Billing says besides its price: its limits and features, and, for a move
// down, what stands in the way or would be lost. Plain markup, for the client picker to place.

const LIMIT_LINES = ["members", "apiCallsPerMonth", "usageUnitsPerMonth", "storageGb", "apiKeys", "webhookEndpoints"] as const satisfies readonly LimitMetric[];

type FeatureLine = "sla99_99" | "sla99_9" | "customDomain" | "auditLogExport" | "sso" | "prioritySupport";

/** Features worth a line; of the two SLAs only the plan's highest. */
function featureLines(planId: PlanId): FeatureLine[] {
  const f = PLANS[planId].features;
  const has = (feature: Feature) => f[feature];
  const lines: (FeatureLine | null)[] = [
    has("sla99_99") ? "sla99_99" : has("sla99_9") ? "sla99_9" : null,
    has("customDomain") ? "customDomain" : null,
    has("auditLogExport") ? "auditLogExport" : null,
    has("sso") ? "sso" : null,
    has("prioritySupport") ? "prioritySupport" : null,
  ];
  return lines.filter((line): line is FeatureLine => line !== null);
}

export function PlanLimits({ planId, currency = "usd" }: { planId: PlanId; currency?: Currency }) {
  const t = useTranslations("Billing.plan");
  const tPlans = useTranslations("Plans");
  const locale = useLocale();
  const plan = PLANS[planId];
  const overageCents = overageCentsPerThousand(planId, currency);
  const overage = overageCents !== undefined ? formatMoney(overageCents, currency, { cents: true, locale }) : null;
  return (
    <ul className="mt-4 space-y-1 text-sm" aria-label={t("includes", { plan: plan.name })}>
      {LIMIT_LINES.map((metric) => (
        <li key={metric}>
          <span className="font-medium tabular-nums">{formatLimit(plan.limits[metric], locale)}</span> {t(`limitLine.${metric}`)}
          {metric === "usageUnitsPerMonth" && overage ? <span className="text-muted-foreground">{t("thenOverage", { price: overage })}</span> : null}
        </li>
      ))}
      {featureLines(planId).map((line) => (
        <li key={line}>
          <span aria-hidden="true">✓ </span>
          {line === "sla99_99" || line === "sla99_9" ? t(line) : tPlans(`feature.${line}`)}
        </li>
      ))}
    </ul>
  );
}

/** "6 members in use, Starter allows 5: remove 1 first" and the like, one per limit broken (lib/plan-fit.ts overLimitSentence, in words of the reader's language). */
function useOverLimitSentence(): (planId: PlanId, o: OverLimit) => string {
  const t = useTranslations("Billing.plan.over");
  const tPlans = useTranslations("Plans");
  const locale = useLocale();
  const num = (n: number) => n.toLocaleString(INTL_LOCALE[locale]);
  return (planId, o) => {
    const plan = PLANS[planId].name;
    const allowed = formatLimit(o.allowed, locale);
    if (o.limit === "members" || o.limit === "apiKeys" || o.limit === "webhookEndpoints") {
      return t(o.limit, { used: o.used, plan, allowed, excess: num(o.used - o.allowed) });
    }
    return t("period", { label: tPlans(`limit.${o.limit}`), used: num(o.used), plan, allowed });
  };
}

/** Why the workspace cannot move to this plan yet (id: for the button's aria-describedby). */
export function DoesNotFit({ fit, id }: { fit: PlanFit; id: string }) {
  const t = useTranslations("Billing.plan");
  const sentence = useOverLimitSentence();
  return (
    <div id={id} className="mt-4 rounded-md border border-warning/40 bg-warning/10 p-3 text-sm" data-testid={`does-not-fit-${fit.planId}`}>
      <p className="font-medium">{t("beforeMoving", { plan: PLANS[fit.planId].name })}</p>
      <ul className="mt-1 list-disc space-y-0.5 pl-5">
        {fit.over.map((o) => (
          <li key={o.limit}>{sentence(fit.planId, o)}</li>
        ))}
      </ul>
    </div>
  );
}

/**
 * The confirmation's words for what a move down takes away (lib/plan-fit.ts featureLossSentence,
 * in the reader's language); `customDomains`: how many the workspace has.
 */
export function useLossesText(customDomains: number): (fit: PlanFit) => string {
  const t = useTranslations("Billing.plan");
  const tPlans = useTranslations("Plans");
  return (fit) => {
    if (!fit.losing.length) return "";
    const losses = fit.losing.map((loss) =>
      loss.feature === "customDomain"
        ? t("loss.customDomain", { label: tPlans("feature.customDomain"), count: Math.max(1, customDomains) })
        : loss.feature === "sso"
          ? t("loss.sso", { label: tPlans("feature.sso") })
          : `${tPlans(`feature.${loss.feature}`)}: ${loss.detail}`,
    );
    return t("youLose", { losses: losses.join("; ") });
  };
}
