import { sql } from "drizzle-orm";
import { pgPolicy, pgRole, type AnyPgColumn } from "drizzle-orm/pg-core";

// Both roles are created by the launcher / migration script (roles are cluster-wide, so a
// migration that creates them would fail on the second database of a cluster).
export const ownerRole = pgRole("atrium_owner").existing();
export const appRole = pgRole("atrium_app").existing();

/** The current transaction's tenant, or NULL when none is set (so nothing matches). */
export const currentTenantId = sql`nullif(current_setting('app.tenant_id', true), '')::uuid`;

/** The row-level security policy every tenant-owned table carries (for the runtime role). */
export function tenantIsolation(name: string, tenantIdColumn: AnyPgColumn) {
  return pgPolicy(name, {
    to: appRole,
    for: "all",
    using: sql`${tenantIdColumn} = ${currentTenantId}`,
    withCheck: sql`${tenantIdColumn} = ${currentTenantId}`,
  });
}
