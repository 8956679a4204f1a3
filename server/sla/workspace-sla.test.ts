import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { monthOf } from "../../lib/sla";
import { makeTenant } from "../../test/factories";
import { tenants } from "../db/schema";
import { withTenant } from "../db/with-tenant";
import { recordWorkspaceRequest, stopRequestMinutes } from "./request-minutes";
import { csvField, SLA_CSV_HEADER, slaCsvRow } from "./sla-csv";
import { monthsBack, parseMonth, workspaceSlaReport } from "./workspace-sla";

// November 2025: a month no prober of this test run writes into (its down minutes would count).
const NOV = monthOf(Date.UTC(2025, 10, 1));

async function onPlan(planId: "starter" | "pro" | "enterprise", createdAt = new Date(Date.UTC(2025, 9, 1))) {
  const { tenant } = await makeTenant();
  await withTenant(tenant.id, (tx) => tx.update(tenants).set({ status: "active", planId, createdAt }).where(eq(tenants.id, tenant.id)));
  return tenant;
}

describe("a workspace's SLA report", () => {
  it("judges the month's recorded minutes by the plan's terms, and prices the credit", async () => {
    const tenant = await onPlan("pro");
    // 60 minutes, each with 10 requests of which 1 failed (10 %): 60 bad minutes — under 99.9 %.
    for (let i = 0; i < 60; i++) {
      const minute = Date.UTC(2025, 10, 3, 9, i);
      for (let r = 0; r < 10; r++) recordWorkspaceRequest(tenant.id, r % 2 ? "api" : "dashboard", r === 0 ? 502 : 200, 40, minute + r * 1000);
    }
    // And one minute in December, which this report must not count.
    recordWorkspaceRequest(tenant.id, "api", 500, 40, Date.UTC(2025, 11, 1, 0, 0));
    await stopRequestMinutes();
    const report = await workspaceSlaReport({ tenantId: tenant.id, month: NOV, now: Date.UTC(2026, 0, 1) });
    expect(report).toMatchObject({ month: "2025-11", planName: "Pro", target: 99.9, eligibleMinutes: 43_200, badMinutes: 60, requests: 600, serverErrors: 60, breached: true, creditPercent: 10, creditCents: 990, p95Ms: 50, p99Ms: 50 });
    expect(report.availability).toBe(99.8611);
    const row = slaCsvRow(report);
    expect(row.split(",")).toHaveLength(SLA_CSV_HEADER.length);
    expect(row).toContain("2025-11,Pro,99.9,99.8611,60,43200,600,60,10.000,50,50,,yes,10,990");
  });

  it("has no target or credit on a plan without an SLA, and counts only since creation in the current month", async () => {
    const starter = await onPlan("starter");
    const report = await workspaceSlaReport({ tenantId: starter.id, month: NOV, now: Date.UTC(2026, 0, 1) });
    expect(report).toMatchObject({ target: null, breached: false, creditPercent: 0, availability: 100 });
    const young = await onPlan("enterprise", new Date(Date.UTC(2025, 10, 30, 23, 0)));
    const partial = await workspaceSlaReport({ tenantId: young.id, month: NOV, now: Date.UTC(2025, 10, 30, 23, 30, 30) });
    expect(partial).toMatchObject({ target: 99.99, eligibleMinutes: 30, availability: 100 });
    const before = await workspaceSlaReport({ tenantId: young.id, month: monthOf(Date.UTC(2025, 9, 1)), now: Date.UTC(2026, 0, 1) });
    expect(before.availability).toBeNull();
  });

  it("refuses a month that is not YYYY-MM with a readable 400, and is not found for an unknown workspace", async () => {
    for (const bad of ["2026-13", "2026-1", "1999-12", "abcd-ef", "2026-11\u0000", "", null, 202611]) {
      expect(() => parseMonth(bad)).toThrow(expect.objectContaining({ code: "BAD_REQUEST" }) as Error);
    }
    expect(parseMonth("2026-02")).toEqual({ start: Date.UTC(2026, 1, 1), end: Date.UTC(2026, 2, 1) });
    await expect(workspaceSlaReport({ tenantId: "00000000-0000-4000-8000-000000000000", month: NOV })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(monthsBack(3, Date.UTC(2026, 0, 15)).map((m) => new Date(m.start).toISOString().slice(0, 7))).toEqual(["2026-01", "2025-12", "2025-11"]);
  });

  it("writes CSV fields a spreadsheet cannot run", () => {
    expect(csvField("=HYPERLINK(\"x\")")).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField("a, b")).toBe(`"a, b"`);
    expect(csvField("-1")).toBe("'-1");
    expect(csvField("plain")).toBe("plain");
  });
});
