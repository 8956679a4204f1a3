import { randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { desc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { contextFor, makeTenant, TEST_META } from "./factories";

// Issue 17, prices in euros: a workspace picks its currency before its first subscription; the
// checkout, the subscription and the revenue figures follow it (Stripe mode: the real library
// against the fake server, real signatures).

const { deliver, fake, subscriptionEvent } = await import("./stripe-harness");
const { setWorkspaceCurrency } = await import("../server/billing/set-currency");
const { startCheckout, changePlan } = await import("../server/billing/manage-subscription");
const { withTenant } = await import("../server/db/with-tenant");
const { mrrMovements, subscriptions, tenants } = await import("../server/db/schema");
const { createCaller } = await import("../server/trpc/root");

const checkout = (tenantId: string, actorUserId: string) =>
  startCheckout({ tenantId, actorUserId, meta: TEST_META, planId: "pro", interval: "month", origin: "http://x.localhost:3000", attemptId: randomUUID() });
const sessionOf = (url: string) => [...fake.checkoutSessions.values()].find((s) => s.url === url)!;
const priceOf = (id: string) => fake.prices.get(id)!;

describe("the workspace's billing currency", () => {
  it("euros: the checkout uses the euro price, revenue counts it in dollars, and the currency is fixed from then on", async () => {
    const { tenant, owner } = await makeTenant();
    expect(await setWorkspaceCurrency({ tenantId: tenant.id, actorUserId: owner.id, currency: "eur", meta: TEST_META })).toEqual({ changed: true });
    expect(await setWorkspaceCurrency({ tenantId: tenant.id, actorUserId: owner.id, currency: "eur", meta: TEST_META })).toEqual({ changed: false });

    const { url } = await checkout(tenant.id, owner.id);
    const session = sessionOf(url);
    expect(priceOf(session.price)).toMatchObject({ lookup_key: "atrium_pro_month_eur", currency: "eur", unit_amount: 8_900 });
    const sub = fake.completeCheckout(session.id);
    await deliver(subscriptionEvent("customer.subscription.created", sub.id, session.customer));
    const [movement] = await withTenant(tenant.id, (tx) => tx.select().from(mrrMovements).where(eq(mrrMovements.tenantId, tenant.id)).orderBy(desc(mrrMovements.seq)).limit(1));
    expect(movement?.toCents, "€89 a month counts as Pro's $99 list price").toBe(9_900);

    // An upgrade stays in the subscription's currency.
    await changePlan({ tenantId: tenant.id, actorUserId: owner.id, meta: TEST_META, planId: "enterprise", interval: "month", attemptId: randomUUID() });
    expect(fake.subscriptions.get(sub.id)?.lookupKey).toBe("atrium_enterprise_month_eur");

    const refused = await setWorkspaceCurrency({ tenantId: tenant.id, actorUserId: owner.id, currency: "usd", meta: TEST_META }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: "CONFLICT", message: expect.stringContaining("set by the first subscription") });
    const [row] = await withTenant(tenant.id, (tx) => tx.select({ currency: tenants.currency }).from(tenants).where(eq(tenants.id, tenant.id)));
    expect(row?.currency).toBe("eur");
  });

  it("switching before paying expires the checkout priced in the other currency, so it cannot be paid", async () => {
    const { tenant, owner } = await makeTenant();
    const { url } = await checkout(tenant.id, owner.id);
    expect(priceOf(sessionOf(url).price).currency).toBe("usd");
    await setWorkspaceCurrency({ tenantId: tenant.id, actorUserId: owner.id, currency: "eur", meta: TEST_META });
    expect(sessionOf(url).status).toBe("expired");
    const next = await checkout(tenant.id, owner.id);
    expect(priceOf(sessionOf(next.url).price).currency).toBe("eur");
    const [account] = await withTenant(tenant.id, (tx) => tx.select().from(subscriptions).where(eq(subscriptions.tenantId, tenant.id)));
    expect(account?.subscriptionId ?? null, "no subscription yet").toBeNull();
  });

  it("a checkout paid at Stripe whose webhook has not arrived yet still fixes the currency; a late one in the other currency wins", async () => {
    const { tenant, owner } = await makeTenant();
    const { url } = await checkout(tenant.id, owner.id);
    const session = sessionOf(url);
    const sub = fake.completeCheckout(session.id);
    // Paid in dollars at Stripe; our copy does not know yet.
    const refused = await setWorkspaceCurrency({ tenantId: tenant.id, actorUserId: owner.id, currency: "eur", meta: TEST_META }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: "CONFLICT" });

    // Had the switch slipped through (written underneath here), the subscription's own currency is what the workspace shows.
    await withTenant(tenant.id, (tx) => tx.update(tenants).set({ currency: "eur" }).where(eq(tenants.id, tenant.id)));
    await deliver(subscriptionEvent("customer.subscription.created", sub.id, session.customer));
    const [row] = await withTenant(tenant.id, (tx) => tx.select({ currency: tenants.currency }).from(tenants).where(eq(tenants.id, tenant.id)));
    expect(row?.currency).toBe("usd");
  });

  it("through tRPC: only billing managers choose it, an unknown currency is a 400, and the overview says which", async () => {
    const { tenant, owner, members } = await makeTenant([{ role: "admin" }]);
    const code = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => (e instanceof TRPCError ? e.code : String(e)));
    expect(await code(createCaller(contextFor({ user: members[0]!.user, tenant })).billing.setCurrency({ currency: "eur" }))).toBe("FORBIDDEN");
    const caller = createCaller(contextFor({ user: owner, tenant }));
    expect(await code(caller.billing.setCurrency({ currency: "gbp" as "eur" }))).toBe("BAD_REQUEST");
    await caller.billing.setCurrency({ currency: "eur" });
    expect(await caller.billing.current()).toMatchObject({ currency: "eur", currencyLocked: false });
  });
});
