import { eq } from "drizzle-orm";
import type { BillingInterval, PlanId } from "../../lib/plans";
import { applySubscriptionSnapshot } from "../billing/apply-subscription-snapshot";
import type { ProviderStatus } from "../billing/status-map";
import { withTenant } from "../db/with-tenant";
import { tenants } from "../db/schema";
import { createTenant } from "../tenants/create-tenant";
import { completeOnboarding } from "../tenants/onboarding";
import { createUser } from "../users/create-user";

const SEED_META = { ip: null, userAgent: "atrium-seed" };
const DAY = 86_400_000;

/** [months ago, day of month, plan, interval, status]; a status of "canceled" ends the subscription, the next step starts a new one. */
type Step = [monthsAgo: number, day: number, planId: PlanId, interval: BillingInterval, status: ProviderStatus];

// Eight months of a small business, so the operator console's revenue page has something to show:
// sign-ups, an upgrade, a move to yearly billing, churn, a win-back and a payment that failed.
const CUSTOMERS: { slug: string; name: string; steps: Step[] }[] = [
  { slug: "initech", name: "Initech", steps: [[7, 4, "starter", "month", "active"], [4, 18, "pro", "month", "active"]] },
  { slug: "vandelay", name: "Vandelay Industries", steps: [[7, 12, "pro", "month", "active"], [5, 9, "pro", "year", "active"]] },
  { slug: "soylent", name: "Soylent Foods", steps: [[6, 2, "enterprise", "month", "active"]] },
  { slug: "wayne-analytics", name: "Wayne Analytics", steps: [[6, 21, "starter", "month", "active"], [3, 21, "starter", "month", "canceled"]] },
  { slug: "tyrell", name: "Tyrell Systems", steps: [[5, 7, "pro", "month", "active"], [2, 7, "pro", "month", "canceled"], [0, 3, "starter", "month", "active"]] },
  { slug: "cyberdyne", name: "Cyberdyne Labs", steps: [[4, 15, "enterprise", "year", "active"]] },
  { slug: "oceanic", name: "Oceanic Air", steps: [[3, 5, "pro", "month", "active"], [1, 16, "enterprise", "month", "active"]] },
  { slug: "pied-piper", name: "Pied Piper", steps: [[2, 11, "starter", "month", "active"], [0, 2, "starter", "month", "past_due"]] },
  { slug: "hooli", name: "Hooli", steps: [[1, 8, "pro", "month", "active"]] },
  { slug: "massive-dynamic", name: "Massive Dynamic", steps: [] },
];

function monthsAgo(now: Date, months: number, day: number): Date {
  const at = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - months, day, 10));
  return at > now ? new Date(now.getTime() - 60 * 60 * 1000) : at;
}

/** Demo customers with a billing history, applied through the same code as real subscription changes, dated in the past. */
export async function seedRevenueHistory({ password, now = new Date() }: { password: string; now?: Date }): Promise<{ slug: string; tenantId: string }[]> {
  const seeded: { slug: string; tenantId: string }[] = [];
  for (const customer of CUSTOMERS) {
    const owner = await createUser({ email: `owner@${customer.slug}.test`, name: `${customer.name} Owner`, password, emailVerified: true });
    const tenant = await createTenant({ userId: owner.id, slug: customer.slug, name: customer.name, meta: SEED_META, skipRateLimit: true });
    seeded.push({ slug: customer.slug, tenantId: tenant.id });
    await completeOnboarding({ tenantId: tenant.id, actorUserId: owner.id, meta: SEED_META, skipped: false });
    // The workspace started its trial two weeks before its first payment (demo data only).
    const first = customer.steps[0];
    const createdAt = first ? new Date(monthsAgo(now, first[0], first[1]).getTime() - 14 * DAY) : new Date(now.getTime() - 3 * DAY);
    await withTenant(tenant.id, (tx) => tx.update(tenants).set({ createdAt, trialEndsAt: new Date(createdAt.getTime() + 14 * DAY) }).where(eq(tenants.id, tenant.id)));

    let generation = 0;
    let ended = false;
    for (const [ago, day, planId, interval, status] of customer.steps) {
      if (ended) generation++;
      const asOf = monthsAgo(now, ago, day);
      await withTenant(tenant.id, (tx) =>
        applySubscriptionSnapshot(tx, {
          tenantId: tenant.id,
          actorUserId: owner.id,
          meta: SEED_META,
          localCard: "success",
          snapshot: {
            provider: "local",
            customerId: `local_cus_${tenant.id}`,
            subscriptionId: `local_sub_${tenant.id}_${generation}`,
            status,
            planId,
            interval,
            currentPeriodEnd: new Date(now.getTime() + (interval === "year" ? 200 : 20) * DAY),
            cancelAtPeriodEnd: false,
            trialEnd: null,
            startedAt: asOf,
            asOf,
          },
        }),
      );
      ended = status === "canceled";
    }
  }
  return seeded;
}
