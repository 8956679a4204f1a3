import { and, eq, inArray } from "drizzle-orm";
import type { Transaction } from "../db/client";
import { memberships, users, type MembershipRole } from "../db/schema";

/** Owners: who hears about the workspace itself (domains, deletion). */
export async function ownerRecipients(tx: Transaction, tenantId: string): Promise<string[]> {
  return recipientsWithRoles(tx, tenantId, ["owner"]);
}

/** Owners and billing members: who hears about payments and plan changes. */
export async function billingRecipients(tx: Transaction, tenantId: string): Promise<string[]> {
  return recipientsWithRoles(tx, tenantId, ["owner", "billing"]);
}

async function recipientsWithRoles(tx: Transaction, tenantId: string, roles: MembershipRole[]): Promise<string[]> {
  const rows = await tx
    .select({ email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.tenantId, tenantId), inArray(memberships.role, roles)));
  return rows.map((r) => r.email).sort();
}
