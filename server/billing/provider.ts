import type { RequestMeta } from "../audit/record-audit-event";
import type { BillingInterval, PlanId } from "./catalog";

export type ProviderTenant = { id: string; slug: string; name: string };

/** The small interface both billing providers implement (Stripe, and the local one offline). */
export interface BillingProvider {
  readonly kind: "stripe" | "local";
  createCheckout(options: {
    tenant: ProviderTenant;
    planId: PlanId;
    interval: BillingInterval;
    successUrl: string;
    cancelUrl: string;
    idempotencyKey: string;
  }): Promise<{ url: string }>;
  changePlan(options: {
    tenant: ProviderTenant;
    subscriptionId: string;
    planId: PlanId;
    interval: BillingInterval;
    actorUserId: string;
    idempotencyKey: string;
    meta: RequestMeta;
  }): Promise<void>;
  setCancelAtPeriodEnd(options: {
    tenant: ProviderTenant;
    subscriptionId: string;
    cancel: boolean;
    actorUserId: string;
    idempotencyKey: string;
    meta: RequestMeta;
  }): Promise<void>;
  portal(options: { tenant: ProviderTenant; customerId: string; returnUrl: string }): Promise<{ url: string }>;
}
