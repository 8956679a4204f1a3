import type { RequestMeta } from "../audit/record-audit-event";
import type { Transaction } from "../db/client";
import type { BillingInterval, Currency, PlanId } from "../../lib/plans";
import type { BillingDetails } from "../../lib/billing-details";
import type { SubscriptionSnapshot } from "./snapshot";

/** `currency`: what the workspace is billed in (the tenants row carries it); dollars when absent. */
export type ProviderTenant = { id: string; slug: string; name: string; currency?: Currency };

/**
 * The small interface both billing providers implement (Stripe, and the local one offline).
 * Methods that take `tx` run while the caller holds the workspace lock (lockTenantOrThrow).
 */
export interface BillingProvider {
  readonly kind: "stripe" | "local";
  /** The customer's subscriptions that have not ended, as the provider sees them right now. */
  openSubscriptions(tx: Transaction, tenant: ProviderTenant): Promise<SubscriptionSnapshot[]>;
  /** One subscription as the provider sees it right now; null when it does not know it. */
  readSubscription(tx: Transaction, tenantId: string, subscriptionId: string): Promise<SubscriptionSnapshot | null>;
  createCheckout(options: {
    tx: Transaction;
    tenant: ProviderTenant;
    planId: PlanId;
    interval: BillingInterval;
    successUrl: string;
    cancelUrl: string;
    /** Made when the form was rendered: a double click or a retry is the same checkout. */
    attemptId: string;
  }): Promise<{ url: string }>;
  changePlan(options: {
    tenant: ProviderTenant;
    subscriptionId: string;
    planId: PlanId;
    interval: BillingInterval;
    actorUserId: string;
    idempotencyKey: string;
    meta: RequestMeta;
    /** Whether the workspace already has the new plan; if not, the provider's event applies it later. */
  }): Promise<{ applied: boolean }>;
  setCancelAtPeriodEnd(options: {
    tenant: ProviderTenant;
    subscriptionId: string;
    cancel: boolean;
    actorUserId: string | null;
    idempotencyKey: string;
    meta: RequestMeta;
  }): Promise<void>;
  /**
   * Makes sure a subscription ends (a deleted workspace's): one not yet paid is cancelled now, a
   * live one is set to end at its period end, an ended one is left alone. Safe to call again.
   */
  endSubscription(options: { tenant: ProviderTenant; subscriptionId: string; idempotencyKey: string }): Promise<void>;
  /** Expires the customer's open checkouts (a deleted workspace's), so none can still be paid. */
  expireCheckouts(options: { tenant: ProviderTenant; customerId: string }): Promise<void>;
  /** Ends a duplicate subscription now and refunds its unused time. Safe to call again. */
  cancelDuplicate(options: { tenant: ProviderTenant; subscriptionId: string; idempotencyKey: string }): Promise<{ refundedCents: number; currency: string }>;
  portal(options: { tenant: ProviderTenant; customerId: string; returnUrl: string }): Promise<{ url: string }>;
  /**
   * Makes the customer's email and tax IDs what the workspace's billing details say (Stripe);
   * nothing to send offline. Safe to call again. A value the provider refuses is a 400.
   */
  updateCustomerDetails(options: { customerId: string; details: BillingDetails; clearEmail: boolean }): Promise<void>;
}
