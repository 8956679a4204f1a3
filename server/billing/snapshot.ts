import type { BillingInterval, PlanId } from "./catalog";
import type { ProviderStatus } from "./status-map";

/** A subscription as the provider reports it at `asOf` (Stripe: refetched; local: just made). */
export type SubscriptionSnapshot = {
  provider: "stripe" | "local";
  customerId: string;
  subscriptionId: string;
  status: ProviderStatus;
  planId: PlanId | null;
  interval: BillingInterval | null;
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd: boolean;
  asOf: Date;
};

export type InvoiceSnapshot = {
  id: string;
  number: string | null;
  status: "paid" | "open" | "failed" | "void" | "draft" | "uncollectible";
  amountCents: number;
  currency: string;
  periodEnd: Date | null;
  hostedUrl: string | null;
  attempt: number;
};
