import type { TenantStatus } from "../db/schema";

// Stripe's eight subscription statuses, and what each means for the tenant (DESIGN.md "Tenant lifecycle").
export const PROVIDER_STATUSES = [
  "incomplete",
  "incomplete_expired",
  "trialing",
  "active",
  "past_due",
  "canceled",
  "unpaid",
  "paused",
] as const;
export type ProviderStatus = (typeof PROVIDER_STATUSES)[number];

export function isProviderStatus(value: unknown): value is ProviderStatus {
  return typeof value === "string" && (PROVIDER_STATUSES as readonly string[]).includes(value);
}

/**
 * The tenant status a subscription status leads to, given the tenant's current status.
 * - incomplete / incomplete_expired: the first payment never succeeded, nothing changes
 *   (the Atrium trial runs on; the sweep suspends it when it ends);
 * - past_due keeps a tenant that the grace sweep already suspended suspended;
 * - unpaid and paused stop access (suspended); canceled ends it (cancelled).
 */
export function tenantStatusFor(providerStatus: ProviderStatus, current: TenantStatus): TenantStatus {
  switch (providerStatus) {
    case "incomplete":
    case "incomplete_expired":
      return current;
    case "trialing":
      return "trialing";
    case "active":
      return "active";
    case "past_due":
      return current === "suspended" ? "suspended" : "past_due";
    case "unpaid":
    case "paused":
      return "suspended";
    case "canceled":
      return "cancelled";
  }
}

/**
 * Where a subscription is in its life, for deciding which one a workspace follows:
 * - live: the customer has it and may be paying for it (it can be the current one);
 * - pending: its first payment is not through yet (it only fills an empty place);
 * - dead: it has ended for good and never becomes current again.
 */
export type SubscriptionPhase = "live" | "pending" | "dead";

export function subscriptionPhase(status: ProviderStatus | string | null | undefined): SubscriptionPhase {
  switch (status) {
    case "trialing":
    case "active":
    case "past_due":
    case "unpaid":
    case "paused":
      return "live";
    case "incomplete":
      return "pending";
    default:
      return "dead";
  }
}
