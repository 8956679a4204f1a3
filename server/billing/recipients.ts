import { and, eq, inArray } from "drizzle-orm";
import type { Transaction } from "../db/client";
import { memberships, users, type MembershipRole } from "../db/schema";

/** Someone a workspace email goes to, with the language they chose (users.locale; null: never chose). */
export type Recipient = { email: string; locale: string | null };

/** Owners: who hears about the workspace itself (domains, deletion). */
export async function ownerRecipients(tx: Transaction, tenantId: string): Promise<string[]> {
  return (await recipientsWithRoles(tx, tenantId, ["owner"])).map((r) => r.email);
}

/** Billing members too: who hears about payments and plan changes. */
export async function billingRecipients(tx: Transaction, tenantId: string): Promise<string[]> {
  return (await recipientsWithRoles(tx, tenantId, ["owner", "billing"])).map((r) => r.email);
}

/** The owners, each with their language, so every one is written to in it. */
export async function ownerRecipientsWithLocale(tx: Transaction, tenantId: string): Promise<Recipient[]> {
  return recipientsWithRoles(tx, tenantId, ["owner"]);
}

/** The owners and billing members, each with their language. */
export async function billingRecipientsWithLocale(tx: Transaction, tenantId: string): Promise<Recipient[]> {
  return recipientsWithRoles(tx, tenantId, ["owner", "billing"]);
}

async function recipientsWithRoles(tx: Transaction, tenantId: string, roles: MembershipRole[]): Promise<Recipient[]> {
  const rows = await tx
    .select({ email: users.email, locale: users.locale })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.tenantId, tenantId), inArray(memberships.role, roles)));
  return rows.sort((a, b) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0));
}
