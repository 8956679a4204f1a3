import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { GET as entitlementsRoute } from "../../app/api/v1/entitlements/route";
import { apiTenant, call } from "../../test/api-helpers";
import { makeTenant, makeUser } from "../../test/factories";
import { handleTrpcRequest } from "../trpc/handler";
import { getDb } from "../db/client";
import { tenants, workspaceRequestMinutes } from "../db/schema";
import { withTenant } from "../db/with-tenant";
import { LATENCY_BOUNDS_MS, recordWorkspaceRequest, stopRequestMinutes } from "./request-minutes";

async function minutesOf(tenantId: string) {
  return withTenant(tenantId, (tx) =>
    tx
      .select()
      .from(workspaceRequestMinutes)
      .where(eq(workspaceRequestMinutes.tenantId, tenantId))
      .orderBy(workspaceRequestMinutes.surface, workspaceRequestMinutes.minute),
  );
}

const entitlements = entitlementsRoute as never;
const MINUTE = Date.UTC(2026, 10, 29, 12, 0);

describe("per-workspace request minutes (SLA)", () => {
  it("counts requests, 5xx answers and latency buckets per surface and minute, and adds to a minute already written", async () => {
    const { tenant } = await makeTenant();
    recordWorkspaceRequest(tenant.id, "api", 200, 12, MINUTE + 1_000);
    recordWorkspaceRequest(tenant.id, "api", 503, 25, MINUTE + 2_000); // on the bound: the first bucket
    recordWorkspaceRequest(tenant.id, "api", 404, 26, MINUTE + 59_999);
    recordWorkspaceRequest(tenant.id, "api", 200, 9_000, MINUTE + 60_000); // the next minute, slower than every bound
    recordWorkspaceRequest(tenant.id, "dashboard", 500, 300, MINUTE + 5_000);
    expect(await stopRequestMinutes()).toBe(0);
    const rows = await minutesOf(tenant.id);
    const empty = new Array(LATENCY_BOUNDS_MS.length + 1).fill(0);
    const withCounts = (counts: Record<number, number>) => empty.map((_, i) => counts[i] ?? 0);
    expect(rows.map((r) => [r.surface, r.minute.getTime() - MINUTE, r.requests, r.serverErrors, r.latencyBuckets])).toEqual([
      ["api", 0, 3, 1, withCounts({ 0: 2, 1: 1 })],
      ["api", 60_000, 1, 0, withCounts({ [LATENCY_BOUNDS_MS.length]: 1 })],
      ["dashboard", 0, 1, 1, withCounts({ 4: 1 })],
    ]);
    // Another instance (or a later flush) adds to the same minute.
    recordWorkspaceRequest(tenant.id, "api", 500, 40, MINUTE + 30_000);
    await stopRequestMinutes();
    const [first] = await minutesOf(tenant.id);
    expect([first!.requests, first!.serverErrors, first!.latencyBuckets]).toEqual([4, 2, withCounts({ 0: 2, 1: 2 })]);
  });

  it("drops the minutes of a workspace deleted meanwhile without holding up the others", async () => {
    const gone = await makeTenant();
    const kept = await makeTenant();
    recordWorkspaceRequest(gone.tenant.id, "api", 200, 10, MINUTE);
    recordWorkspaceRequest(kept.tenant.id, "api", 200, 10, MINUTE);
    await getDb().execute(sql`delete from tenants where id = ${gone.tenant.id}`);
    expect(await stopRequestMinutes()).toBe(0);
    expect((await minutesOf(kept.tenant.id)).map((r) => r.requests)).toEqual([1]);
    expect(await getDb().select().from(tenants).where(eq(tenants.id, gone.tenant.id))).toEqual([]);
  });

  it("records the public API's answers for the key's workspace, errors included", async () => {
    const { tenant, key } = await apiTenant({ scopes: ["usage:write"] });
    expect((await call(entitlements, { key: key.secret, path: "/entitlements" })).status).toBe(403); // lacks usage:read
    expect((await call(entitlements, { key: "atr_live_not-a-key", path: "/entitlements" })).status).toBe(401); // names no workspace
    await stopRequestMinutes();
    const rows = await minutesOf(tenant.id);
    expect(rows.map((r) => [r.surface, r.requests, r.serverErrors])).toEqual([["api", 1, 0]]);
  });

  it("records a member's dashboard calls, never a signed-in stranger's refused ones", async () => {
    const { tenant, owner } = await makeTenant();
    const stranger = await makeUser();
    const call = (user: { id: string; email: string; name: string }) =>
      handleTrpcRequest(new Request(`http://${tenant.slug}.localhost:3000/api/trpc/tenant.current`, { headers: { host: `${tenant.slug}.localhost:3000` } }), async () => ({ id: user.id, email: user.email, name: user.name }));
    expect((await call(stranger)).status).toBe(404);
    expect((await call(stranger)).status).toBe(404);
    expect((await call(owner)).status).toBe(200);
    await stopRequestMinutes();
    expect((await minutesOf(tenant.id)).map((r) => [r.surface, r.requests, r.serverErrors])).toEqual([["dashboard", 1, 0]]);
  });
});
