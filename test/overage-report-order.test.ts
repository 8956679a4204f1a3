import { and, eq, isNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withTenant } from "../server/db/with-tenant";
import { usageOverage } from "../server/db/schema";
import { reportOverage } from "../server/usage/report-overage";
import { makeTenant } from "./factories";

// The reporter's list of workspaces skips overage it cannot claim now (leased, or waiting out a
// backoff after failures) and takes the oldest first: workspaces whose reports keep failing must
// not fill every run's list while the others' overage waits.

async function pendingOverage(tenantId: string, claimedUntil: Date | null, createdAt: Date) {
  await withTenant(tenantId, (tx) => tx.insert(usageOverage).values({ tenantId, metric: "units", quantity: 5, periodStart: createdAt, createdAt, claimedUntil }));
}

const unreported = (tenantId: string) =>
  withTenant(tenantId, (tx) => tx.select().from(usageOverage).where(and(eq(usageOverage.tenantId, tenantId), isNull(usageOverage.reportedAt))));

describe("the overage reporter's order", () => {
  it("failing workspaces waiting out a backoff do not hold back one that can be reported", async () => {
    const failing = await Promise.all(Array.from({ length: 8 }, () => makeTenant()));
    const inAnHour = new Date(Date.now() + 3_600_000);
    // Older, and each waiting an hour before its next attempt.
    for (const [i, t] of failing.entries()) await pendingOverage(t.tenant.id, inAnHour, new Date(Date.now() - (20 - i) * 60_000));
    const ready = await makeTenant();
    await pendingOverage(ready.tenant.id, null, new Date());

    // A run with room for fewer workspaces than are failing still reaches the ready one.
    const report = await reportOverage({ tenants: 1 });
    expect(report.reported).toBe(1);
    expect(await unreported(ready.tenant.id)).toHaveLength(0);
    for (const t of failing) expect(await unreported(t.tenant.id)).toHaveLength(1);
  });
});
