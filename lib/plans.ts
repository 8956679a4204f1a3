// The one place plans are defined. Pricing pages, feature gates, quota checks and the Stripe
// price sync all read this catalog.

import { DEFAULT_LOCALE, INTL_LOCALE, type Locale } from "./i18n/locales";
export const UNLIMITED = "unlimited" as const;
export type Limit = number | typeof UNLIMITED;

export const LIMIT_METRICS = ["members", "apiCallsPerMonth", "usageUnitsPerMonth", "storageGb", "apiRequestsPerMinute", "apiKeys", "webhookEndpoints"] as const;
export type LimitMetric = (typeof LIMIT_METRICS)[number];

export const FEATURES = ["customDomain", "auditLogExport", "sso", "prioritySupport", "sla99_9", "sla99_99"] as const;
export type Feature = (typeof FEATURES)[number];

export const PLAN_IDS = ["starter", "pro", "enterprise", "custom"] as const;
export type PlanId = (typeof PLAN_IDS)[number];
export const BILLING_INTERVALS = ["month", "year"] as const;
export type BillingInterval = (typeof BILLING_INTERVALS)[number];
/** The currencies a workspace can be billed in (chosen per workspace, before its first subscription). */
export const CURRENCIES = ["usd", "eur"] as const;
export type Currency = (typeof CURRENCIES)[number];
export const CURRENCY_LABELS: Record<Currency, string> = { usd: "US dollars (USD)", eur: "Euros (EUR)" };
/** USD and EUR, as a SegmentedControl's options (Billing, /pricing). */
export const CURRENCY_OPTIONS = CURRENCIES.map((id) => ({ id, label: id.toUpperCase() }));

export function isCurrency(value: unknown): value is Currency {
  return typeof value === "string" && (CURRENCIES as readonly string[]).includes(value);
}

export type Plan = {
  id: PlanId;
  name: string;
  tagline: string;
  /** Monthly price in US cents; null for "contact sales". Yearly = 10 x monthly ("2 months free"). */
  monthlyCents: number | null;
  /** The same in euro cents: a price of its own (set for the market, not converted daily). */
  monthlyEurCents: number | null;
  selfServe: boolean;
  limits: Record<LimitMetric, Limit>;
  features: Record<Feature, boolean>;
  /** Usage beyond the monthly usage-unit limit: refused (false, a hard limit) or billed as overage. */
  overage: boolean;
};

const NO_FEATURES: Record<Feature, boolean> = {
  customDomain: false,
  auditLogExport: false,
  sso: false,
  prioritySupport: false,
  sla99_9: false,
  sla99_99: false,
};

export const PLANS: Record<PlanId, Plan> = {
  starter: {
    id: "starter",
    name: "Starter",
    tagline: "For small teams getting started.",
    monthlyCents: 2_900,
    monthlyEurCents: 2_700,
    selfServe: true,
    limits: { members: 5, apiCallsPerMonth: 100_000, usageUnitsPerMonth: 10_000, storageGb: 10, apiRequestsPerMinute: 60, apiKeys: 3, webhookEndpoints: 2 },
    features: { ...NO_FEATURES },
    overage: false,
  },
  pro: {
    id: "pro",
    name: "Pro",
    tagline: "For growing teams that need more room and control.",
    monthlyCents: 9_900,
    monthlyEurCents: 8_900,
    selfServe: true,
    limits: { members: 25, apiCallsPerMonth: 1_000_000, usageUnitsPerMonth: 100_000, storageGb: 100, apiRequestsPerMinute: 600, apiKeys: 20, webhookEndpoints: 10 },
    features: { ...NO_FEATURES, customDomain: true, auditLogExport: true, sla99_9: true },
    overage: true,
  },
  enterprise: {
    id: "enterprise",
    name: "Enterprise",
    tagline: "For organisations with security and scale needs.",
    monthlyCents: 29_900,
    monthlyEurCents: 27_900,
    selfServe: true,
    limits: { members: UNLIMITED, apiCallsPerMonth: 10_000_000, usageUnitsPerMonth: 1_000_000, storageGb: 1_000, apiRequestsPerMinute: 3_000, apiKeys: 100, webhookEndpoints: 50 },
    features: { ...NO_FEATURES, customDomain: true, auditLogExport: true, sso: true, prioritySupport: true, sla99_9: true, sla99_99: true },
    overage: true,
  },
  custom: {
    id: "custom",
    name: "Custom",
    tagline: "Tailored limits, terms and support. Talk to us.",
    monthlyCents: null,
    monthlyEurCents: null,
    selfServe: false,
    limits: { members: UNLIMITED, apiCallsPerMonth: UNLIMITED, usageUnitsPerMonth: UNLIMITED, storageGb: UNLIMITED, apiRequestsPerMinute: 10_000, apiKeys: UNLIMITED, webhookEndpoints: UNLIMITED },
    features: { customDomain: true, auditLogExport: true, sso: true, prioritySupport: true, sla99_9: true, sla99_99: true },
    overage: true,
  },
};

/**
 * The published price of usage units beyond a plan's monthly limit, per 1,000 units, for the plans
 * that bill overage (Insights turns projected overage into money with it). Custom plans are quoted.
 */
export const OVERAGE_CENTS_PER_THOUSAND_UNITS: Partial<Record<PlanId, number>> = { pro: 100, enterprise: 50 };
const OVERAGE_EUR_CENTS_PER_THOUSAND_UNITS: Partial<Record<PlanId, number>> = { pro: 90, enterprise: 45 };

/** A plan's overage price per 1,000 units in `currency`, or undefined (no overage, or quoted). */
export function overageCentsPerThousand(planId: PlanId, currency: Currency = "usd"): number | undefined {
  if (!PLANS[planId].overage) return undefined;
  return (currency === "eur" ? OVERAGE_EUR_CENTS_PER_THOUSAND_UNITS : OVERAGE_CENTS_PER_THOUSAND_UNITS)[planId];
}

/** "$1.00 per 1,000" (or "€0.90 per 1,000") for a plan's published overage price, or null (no overage, or quoted). */
export function overagePriceText(planId: PlanId, currency: Currency = "usd"): string | null {
  const cents = overageCentsPerThousand(planId, currency);
  return cents !== undefined ? `${formatMoney(cents, currency, { cents: true })} per 1,000` : null;
}

/** The plans bought online (Custom is arranged with sales), in catalogue order. */
export const SELF_SERVE_PLAN_IDS: readonly PlanId[] = PLAN_IDS.filter((id) => PLANS[id].selfServe);

/** A limit with an operator's override applied: an override only ever raises it. */
export function raisedLimit(base: Limit, override: Limit | undefined): Limit {
  if (override === undefined) return base;
  return base === UNLIMITED || override === UNLIMITED ? UNLIMITED : Math.max(base, override);
}

/** What a workspace on its 14-day trial gets. */
export const TRIAL_PLAN_ID: PlanId = "pro";
/** What a workspace without a paid plan falls back to (e.g. after cancelling). */
export const DEFAULT_PLAN_ID: PlanId = "starter";

export const FEATURE_LABELS: Record<Feature, string> = {
  customDomain: "Custom domain",
  auditLogExport: "Audit log export",
  sso: "Single sign-on (SSO)",
  prioritySupport: "Priority support",
  sla99_9: "99.9% uptime SLA",
  sla99_99: "99.99% uptime SLA",
};

export const LIMIT_LABELS: Record<LimitMetric, string> = {
  members: "Members",
  apiCallsPerMonth: "API calls / month",
  usageUnitsPerMonth: "Usage units / month",
  storageGb: "Storage (GB)",
  apiRequestsPerMinute: "API requests / minute",
  apiKeys: "API keys",
  webhookEndpoints: "Webhook endpoints",
};

/**
 * Metered usage. `api_calls` is counted by the API itself; the others are reported by the
 * product through POST /api/v1/usage. Counters add up over the period (compared with a monthly
 * limit); gauges report a current level (e.g. storage in use) and the period's peak counts.
 */
export const USAGE_METRICS = {
  api_calls: { label: "API calls", limit: "apiCallsPerMonth", reportable: false, kind: "counter" },
  units: { label: "Usage units", limit: "usageUnitsPerMonth", reportable: true, kind: "counter" },
  storage_gb: { label: "Storage (GB)", limit: "storageGb", reportable: true, kind: "gauge" },
} as const satisfies Record<string, { label: string; limit: LimitMetric; reportable: boolean; kind: "counter" | "gauge" }>;
export type UsageMetric = keyof typeof USAGE_METRICS;
export const REPORTABLE_METRICS = (Object.keys(USAGE_METRICS) as UsageMetric[]).filter((m) => USAGE_METRICS[m].reportable);
export const GAUGE_METRICS = (Object.keys(USAGE_METRICS) as UsageMetric[]).filter((m) => USAGE_METRICS[m].kind === "gauge");

export function isPlanId(value: unknown): value is PlanId {
  return typeof value === "string" && (PLAN_IDS as readonly string[]).includes(value);
}

export function priceCents(plan: Plan, interval: BillingInterval, currency: Currency = "usd"): number | null {
  const monthly = currency === "eur" ? plan.monthlyEurCents : plan.monthlyCents;
  if (monthly === null) return null;
  return interval === "year" ? monthly * 10 : monthly;
}

/** Stripe price lookup key: `atrium_pro_month` in dollars (the keys from before euros), `atrium_pro_month_eur` in euros. */
export function priceLookupKey(planId: PlanId, interval: BillingInterval, currency: Currency = "usd"): string {
  return `atrium_${planId}_${interval}${currency === "usd" ? "" : `_${currency}`}`;
}

export function parseLookupKey(key: string | null | undefined): { planId: PlanId; interval: BillingInterval; currency: Currency } | null {
  const match = /^atrium_([a-z]+)_(month|year)(?:_(eur))?$/.exec(key ?? "");
  if (!match || !isPlanId(match[1])) return null;
  return { planId: match[1], interval: match[2] as BillingInterval, currency: match[3] === "eur" ? "eur" : "usd" };
}

/** "10,000" / "Unlimited"; in German "10.000" / "Unbegrenzt". */
export function formatLimit(limit: Limit, locale: Locale = DEFAULT_LOCALE): string {
  if (limit === UNLIMITED) return locale === "de" ? "Unbegrenzt" : "Unlimited";
  return limit.toLocaleString(INTL_LOCALE[locale]);
}

/** "$99", "€89", "$1.50"; `cents: true` always shows the cents ("$1.00"). German: "89 €", "1,50 $". */
export function formatMoney(cents: number, currency = "usd", options: { cents?: boolean; locale?: Locale } = {}): string {
  const tag = INTL_LOCALE[options.locale ?? DEFAULT_LOCALE];
  return new Intl.NumberFormat(tag, { style: "currency", currency, minimumFractionDigits: options.cents || cents % 100 !== 0 ? 2 : 0 }).format(cents / 100);
}
