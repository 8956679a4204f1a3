import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { completeLocalCheckout } from "../server/billing/local/complete-local-checkout";
import { localProvider } from "../server/billing/local/local-provider";
import { startCheckout } from "../server/billing/manage-subscription";
import { runLifecycleSweep } from "../server/billing/run-lifecycle-sweep";
import { setWorkspaceCurrency } from "../server/billing/set-currency";
import { invoices, subscriptions, tenants } from "../server/db/schema";
import { withTenant } from "../server/db/with-tenant";
import { makeTenant, TEST_META } from "./factories";

// Issue 17, euros offline: the local provider charges the euro price, renews and prorates in
// euros, and refuses a checkout whose currency is no longer the workspace's.

const start = (tenantId: string, actorUserId: string, planId: "starter" | "pro" = "pro") =>
  startCheckout({ tenantId, actorUserId, meta: TEST_META, planId, interval: "month", origin: "http://x", attemptId: randomUUID() });
const pay = (tenantId: string, actorUserId: string, url: string) =>
  completeLocalCheckout({ tenantId, sessionId: url.split("/").at(-1)!, cardNumber: "4242 4242 4242 4242", actorUserId, meta: TEST_META });
const invoicesOf = (tenantId: string) =>
  withTenant(tenantId, (tx) => tx.select({ amount: invoices.amountCents, currency: invoices.currency }).from(invoices).where(eq(invoices.tenantId, tenantId)).orderBy(invoices.createdAt));

describe("euros with the offline provider", () => {
  it("charges, prorates and renews in euros", async () => {
    const { tenant, owner } = await makeTenant();
    await setWorkspaceCurrency({ tenantId: tenant.id, actorUserId: owner.id, currency: "eur", meta: TEST_META });
    await pay(tenant.id, owner.id, (await start(tenant.id, owner.id)).url);
    expect(await invoicesOf(tenant.id)).toEqual([{ amount: 8_900, currency: "eur" }]);

    // An upgrade right away: the euro difference, prorated over (almost) the whole period.
    await localProvider.changePlan({ tenant: { ...tenant, currency: "eur" }, subscriptionId: "x", planId: "enterprise", interval: "month", actorUserId: owner.id, idempotencyKey: "k", meta: TEST_META });
    const afterUpgrade = await invoicesOf(tenant.id);
    expect(afterUpgrade).toHaveLength(2);
    expect(afterUpgrade[1]!.currency).toBe("eur");
    expect(afterUpgrade[1]!.amount).toBeGreaterThan(18_900 * 0.99);
    expect(afterUpgrade[1]!.amount).toBeLessThanOrEqual(19_000);

    const [sub] = await withTenant(tenant.id, (tx) => tx.select().from(subscriptions).where(eq(subscriptions.tenantId, tenant.id)));
    await runLifecycleSweep({ now: new Date(sub!.currentPeriodEnd!.getTime() + 1000) });
    const renewal = await withTenant(tenant.id, (tx) =>
      tx.select({ amount: invoices.amountCents, currency: invoices.currency }).from(invoices).where(and(eq(invoices.tenantId, tenant.id), eq(invoices.id, `local_in_${sub!.subscriptionId}_${sub!.currentPeriodEnd!.getTime()}`))),
    );
    expect(renewal).toEqual([{ amount: 27_900, currency: "eur" }]);
  });

  it("a checkout started in dollars cannot be paid once the workspace switched to euros", async () => {
    const { tenant, owner } = await makeTenant();
    const { url } = await start(tenant.id, owner.id);
    await setWorkspaceCurrency({ tenantId: tenant.id, actorUserId: owner.id, currency: "eur", meta: TEST_META });
    const refused = await pay(tenant.id, owner.id, url).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: "CONFLICT" });
    expect(await invoicesOf(tenant.id)).toEqual([]);
  });

  it("and were it still open (the switch raced it), the payment itself compares the currencies", async () => {
    const { tenant, owner } = await makeTenant();
    const { url } = await start(tenant.id, owner.id);
    // The currency changed underneath, without the switch's expiry.
    await withTenant(tenant.id, (tx) => tx.update(tenants).set({ currency: "eur" }).where(eq(tenants.id, tenant.id)));
    const refused = await pay(tenant.id, owner.id, url).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: "CONFLICT", message: expect.stringContaining("billing currency changed") });
    expect(await invoicesOf(tenant.id)).toEqual([]);
  });
});
