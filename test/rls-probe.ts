import { sql } from "drizzle-orm";
import type { Transaction } from "../server/db/client";
import { withoutTenant, withTenant } from "../server/db/with-tenant";
import { RLS_PROBE_MARK } from "./tenant-scope";

/** Marks one raw statement as a deliberate row-level security probe (a comment, so never a parameter). */
export const rlsProbeComment = sql.raw(`/* ${RLS_PROBE_MARK} */`);

/**
 * A transaction that deliberately relies on row-level security alone, for tests of RLS itself:
 * its statements are exempt from the check that every statement names its tenant
 * (test/tenant-scope-audit.ts). Everything else, test code included, names the tenant.
 */
export function rlsProbe<T>(tenantId: string | null, fn: (tx: Transaction) => Promise<T>): Promise<T> {
  const marked = async (tx: Transaction) => {
    await tx.execute(sql`select 1 ${rlsProbeComment}`);
    return fn(tx);
  };
  return tenantId ? withTenant(tenantId, marked) : withoutTenant(marked);
}
