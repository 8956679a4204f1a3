import type { BillingInterval, PlanId } from "../../lib/plans";
import type { RecurringDiscount } from "../revenue/monthly-recurring-cents";
import type { ProviderStatus } from "./status-map";

/**
 * A subscription as the provider reports it (Stripe: read fresh while the workspace is locked;
 * local: built under the same lock). `asOf` is informational only: ordering comes from reading
 * and applying under the lock, never from comparing clocks.
 */
export type SubscriptionSnapshot = {
  provider: "stripe" | "local";
  customerId: string;
  subscriptionId: string;
  status: ProviderStatus;
  planId: PlanId | null;
  interval: BillingInterval | null;
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd: boolean;
  /** A trial run by the provider. */
  trialEnd: Date | null;
  /** When the provider created the subscription. */
  startedAt: Date | null;
  asOf: Date;
  /**
   * What the provider actually bills (Stripe: the item's price, quantity and a recurring
   * discount); absent, the catalog price of planId and interval is used for MRR.
   */
  pricing?: { unitAmountCents: number | null; currency?: string | null; quantity: number; discount: RecurringDiscount | null } | null;
};

export type InvoiceSnapshot = {
  id: string;
  number: string | null;
  status: "paid" | "open" | "failed" | "void" | "draft" | "uncollectible";
  amountCents: number;
  currency: string;
  periodEnd: Date | null;
  hostedUrl: string | null;
  /** Stripe's PDF link (offline invoices have none: their PDF is made on request). */
  pdfUrl?: string | null;
  attempt: number;
};
