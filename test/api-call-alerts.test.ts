import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withTenant } from "../server/db/with-tenant";
import { auditEvents, tenants, usageAlerts } from "../server/db/schema";
import { countApiCall, flushApiCalls } from "../server/usage/api-call-counter";
import { makeTenant } from "./factories";

// The API-call quota is a hard limit the API counts itself: its 80% and 100% alerts are raised
// where the counts are written, once each per period (before, the first sign was a 429).

const alertsOf = (tenantId: string) =>
  withTenant(tenantId, (tx) => tx.select({ threshold: usageAlerts.threshold }).from(usageAlerts).where(and(eq(usageAlerts.tenantId, tenantId), eq(usageAlerts.metric, "api_calls"))));

describe("API-call quota alerts", () => {
  it("fire at 80% and 100% as the counted calls are written, once each", async () => {
    // Starter: 100,000 calls a month (counted in memory, as the API counts them, then written).
    const t = await makeTenant();
    await withTenant(t.tenant.id, (tx) => tx.update(tenants).set({ status: "active", planId: "starter" }).where(eq(tenants.id, t.tenant.id)));
    const calls = async (n: number) => {
      for (let i = 0; i < n; i++) countApiCall(t.tenant.id);
      expect(await flushApiCalls()).toBe(0);
    };
    await calls(50_000);
    expect(await alertsOf(t.tenant.id)).toEqual([]);
    await calls(29_999);
    expect(await alertsOf(t.tenant.id)).toEqual([]);
    await calls(1);
    expect((await alertsOf(t.tenant.id)).map((a) => a.threshold)).toEqual([80]);
    await calls(25_000);
    expect((await alertsOf(t.tenant.id)).map((a) => a.threshold).sort()).toEqual([100, 80]);
    await calls(10);
    expect(await alertsOf(t.tenant.id)).toHaveLength(2);
    const logged = await withTenant(t.tenant.id, (tx) => tx.select().from(auditEvents).where(and(eq(auditEvents.tenantId, t.tenant.id), eq(auditEvents.action, "usage.threshold_reached"))));
    expect(logged.map((e) => (e.metadata as { metric: string }).metric)).toEqual(["api_calls", "api_calls"]);
  });

  it("an unlimited plan raises none", async () => {
    const t = await makeTenant();
    await withTenant(t.tenant.id, (tx) => tx.update(tenants).set({ status: "active", planId: "custom" }).where(eq(tenants.id, t.tenant.id)));
    for (let i = 0; i < 10; i++) countApiCall(t.tenant.id);
    expect(await flushApiCalls()).toBe(0);
    expect(await alertsOf(t.tenant.id)).toEqual([]);
  });
});
