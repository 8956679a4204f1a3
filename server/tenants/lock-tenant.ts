import { eq } from "drizzle-orm";
import type { Transaction } from "../db/client";
import { tenants, type Tenant } from "../db/schema";
import { AppError } from "../errors";

/**
 * Locks the workspace row for the rest of the transaction. Billing takes this lock before it
 * reads anything from the provider, so checkouts, webhook events, jobs and the sweep of one
 * workspace happen one after another and each sees what the previous one wrote.
 */
export async function lockTenantOrThrow(tx: Transaction, tenantId: string): Promise<Tenant> {
  // NO KEY UPDATE: serialises billing without blocking the foreign-key checks (KEY SHARE) of
  // usage, audit and counter inserts for the same workspace while Stripe is being called.
  const [tenant] = await tx.select().from(tenants).where(eq(tenants.id, tenantId)).for("no key update");
  if (!tenant) throw new AppError("NOT_FOUND", "Workspace not found.");
  return tenant;
}
