import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as entitlementsRoute from "../app/api/v1/entitlements/route";
import { getBillingOverview } from "../server/billing/get-billing-overview";
import { withTenant } from "../server/db/with-tenant";
import { tenants } from "../server/db/schema";
import { invalidateUsageSnapshot } from "../server/usage/usage-snapshot";
import { apiTenant, call } from "./api-helpers";

const handler = entitlementsRoute.GET as never;

async function setState(tenantId: string, values: { status: "trialing" | "active"; planId: "starter" | "pro" | "enterprise" | null }) {
  await withTenant(tenantId, (tx) => tx.update(tenants).set(values).where(eq(tenants.id, tenantId)));
  invalidateUsageSnapshot(tenantId);
}

describe("entitlements come from one function", () => {
  it.each([
    ["Atrium's own trial", { status: "trialing" as const, planId: null }, "pro"],
    ["a trial Stripe runs for Enterprise", { status: "trialing" as const, planId: "enterprise" as const }, "enterprise"],
    ["a paid Starter plan", { status: "active" as const, planId: "starter" as const }, "starter"],
  ])("%s: the API and the billing page name the same plan", async (_label, state, plan) => {
    const t = await apiTenant();
    await setState(t.tenant.id, state);
    const api = await call(handler, { key: t.key.secret, path: "/entitlements" });
    const overview = await getBillingOverview({ tenantId: t.tenant.id });
    expect(api.status).toBe(200);
    expect(api.body).toMatchObject({ plan, status: state.status });
    expect(overview.effectivePlanId).toBe(plan);
  });
});
