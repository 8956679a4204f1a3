import { eq } from "drizzle-orm";
import { memberships, tenants, usageRollups, workspaceRequestMinutes, type MembershipRole } from "../server/db/schema";
import { withTenant } from "../server/db/with-tenant";
import { makeTenant } from "./factories";

const DAY = 86_400_000;

/**
 * A Pro workspace, four months old, that used `unitsPerDay` units and ten times as many API calls a
 * day (as test/insights.test.ts seeds it): at 100 a day, the analysis says Starter saves $70 a month.
 */
export async function seedProWorkspace(unitsPerDay: number, extra: { role: MembershipRole }[] = []) {
  const made = await makeTenant(extra);
  const tenantId = made.tenant.id;
  const now = Date.now();
  await withTenant(tenantId, async (tx) => {
    await tx.update(tenants).set({ planId: "pro", status: "active", createdAt: new Date(now - 125 * DAY) }).where(eq(tenants.id, tenantId));
    await tx.update(memberships).set({ createdAt: new Date(now - 120 * DAY) }).where(eq(memberships.tenantId, tenantId));
    const rows = [];
    for (let d = 1; d <= 120; d++) {
      const bucketStart = new Date(Math.floor((now - d * DAY) / 3_600_000) * 3_600_000);
      rows.push({ tenantId, metric: "units", granularity: "hour" as const, bucketStart, quantity: unitsPerDay });
      rows.push({ tenantId, metric: "api_calls", granularity: "hour" as const, bucketStart, quantity: unitsPerDay * 10 });
    }
    await tx.insert(usageRollups).values(rows);
    await tx.insert(workspaceRequestMinutes).values({ tenantId, surface: "api", minute: new Date(Math.floor((now - DAY) / 60_000) * 60_000), requests: 5, serverErrors: 0, latencyBuckets: [5] });
  });
  return made;
}
