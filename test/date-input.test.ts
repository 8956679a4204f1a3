import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import * as usageRoute from "../app/api/v1/usage/route";
import { endOfUtcDay, isStorableDate, zIsoDate, zIsoDateTime } from "../lib/dates";
import { exportAuditCsv } from "../server/audit/export-audit-csv";
import { createCaller } from "../server/trpc/root";
import { apiTenant, call } from "./api-helpers";
import { contextFor, makeTenant } from "./factories";

const series = (key: string, query: Record<string, string>) =>
  call(usageRoute.GET as never, { key, path: `/usage?${new URLSearchParams({ metric: "units", ...query })}`, method: "GET" });

describe("dates PostgreSQL cannot store", () => {
  it("the shared schemas accept years 1 to 9999 and refuse the rest, naming the field", () => {
    const dt = zIsoDateTime("from");
    expect(dt.safeParse("2026-11-01T12:00:00Z").success).toBe(true);
    expect(dt.safeParse("0001-01-01T00:00:00Z").success).toBe(true);
    expect(dt.safeParse("9999-12-31T23:59:59.999Z").success).toBe(true);
    for (const bad of ["0000-01-01T00:00:00Z", "0001-01-01T00:00:00+01:00", "9999-12-31T23:00:00-05:00", "+275760-09-13T00:00:00Z", "10000-01-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-11-01", "NaN", ""]) {
      const parsed = dt.safeParse(bad);
      expect(parsed.success, bad).toBe(false);
      expect(parsed.error?.issues[0]?.message).toMatch(/^from must be/);
    }
    const d = zIsoDate();
    expect(d.safeParse("0001-01-01").success).toBe(true);
    expect(d.safeParse("9999-12-31").success).toBe(true);
    for (const bad of ["0000-12-31", "10000-01-01", "+275760-09-13", "2025-02-29", "2026-13-01"]) expect(d.safeParse(bad).success, bad).toBe(false);
    expect(isStorableDate(new Date(Number.NaN))).toBe(false);
    expect(endOfUtcDay("9999-12-31")).toBeNull();
  });

  it("usage series: from/to in year 0, year 10000 or unparsable are a 400 naming the field", async () => {
    const t = await apiTenant({ planId: "pro" });
    const year0 = await series(t.key.secret, { from: "0000-01-01T00:00:00Z", to: "0000-01-02T00:00:00Z" });
    expect(year0.status).toBe(400);
    expect(year0.body?.error?.field).toBe("from");
    // `to` near year 1: the default start (30 days earlier) would be year 0.
    const defaultFrom = await series(t.key.secret, { to: "0001-01-05T00:00:00Z" });
    expect(defaultFrom.status).toBe(400);
    expect(defaultFrom.body?.error?.field).toBe("from");
    const offset = await series(t.key.secret, { from: "9999-12-31T00:00:00Z", to: "9999-12-31T23:00:00-05:00", granularity: "hour" });
    expect(offset.status).toBe(400);
    expect(offset.body?.error?.field).toBe("to");
    const far = await series(t.key.secret, { to: "+275760-09-13T00:00:00Z" });
    expect(far.status).toBe(400);
    expect(far.body?.error?.message).toMatch(/^to: to must be an ISO 8601 date-time/);
    // The edges that can be stored still work.
    const edge = await series(t.key.secret, { from: "9999-12-30T00:00:00Z", to: "9999-12-31T23:59:59Z" });
    expect(edge.status).toBe(200);
    expect((edge.body as { points: unknown[] }).points).toHaveLength(2);
    expect((await series(t.key.secret, { from: "0001-01-01T00:00:00Z", to: "0001-01-03T00:00:00Z" })).status).toBe(200);
  });

  it("usage events: a timestamp in year 0 is a 400 naming it", async () => {
    const t = await apiTenant({ planId: "pro" });
    const res = await call(usageRoute.POST as never, { key: t.key.secret, body: { metric: "units", quantity: 1, idempotencyKey: "y0", timestamp: "0000-06-01T00:00:00Z" } });
    expect(res.status).toBe(400);
    expect(res.body?.error).toMatchObject({ field: "timestamp", message: "timestamp: timestamp must be a date-time between the years 1 and 9999." });
  });

  it("audit filters: year 0 is a 400, the last storable day works (its next day is year 10000)", async () => {
    const { tenant, owner } = await makeTenant();
    const caller = createCaller(contextFor({ user: owner, tenant }));
    const error = await caller.audit.list({ filters: { from: "0000-01-01" } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("BAD_REQUEST");
    const all = (await caller.audit.list({})).total;
    expect(all).toBeGreaterThan(0);
    expect((await caller.audit.list({ filters: { from: "0001-01-01", to: "9999-12-31" } })).total).toBe(all);
    expect((await exportAuditCsv({ tenantId: tenant.id, filters: { to: "9999-12-31" } })).trimEnd().split("\r\n")).toHaveLength(all + 1);
  });
});
