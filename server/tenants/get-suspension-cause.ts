import { eq } from "drizzle-orm";
import { tenants } from "../db/schema";
import { withTenant } from "../db/with-tenant";

export type GetSuspensionCauseOptions = { tenantId: string };

/**
 * Why a workspace's pages are closed, as its members may be told: `platform` when an operator
 * suspended it (billing cannot lift that; only support can), `lifecycle` otherwise (trial over,
 * payment failed, subscription ended). Never the operator's reason: that went to the owners by
 * email and stays in the audit logs.
 */
export async function getSuspensionCause({ tenantId }: GetSuspensionCauseOptions): Promise<"platform" | "lifecycle"> {
  const [row] = await withTenant(tenantId, (tx) => tx.select({ status: tenants.status, operatorSuspendedAt: tenants.operatorSuspendedAt }).from(tenants).where(eq(tenants.id, tenantId)));
  // Cancelled meanwhile (its subscription ended), the operator's hold still stands.
  return (row?.status === "suspended" || row?.status === "cancelled") && row.operatorSuspendedAt ? "platform" : "lifecycle";
}
