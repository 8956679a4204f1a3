import { eq, inArray } from "drizzle-orm";
import type { Transaction } from "../db/client";
import { memberships, users } from "../db/schema";

/** Owners and billing members: who hears about payments and plan changes. */
export async function billingRecipients(tx: Transaction): Promise<string[]> {
  const rows = await tx
    .select({ email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(inArray(memberships.role, ["owner", "billing"]));
  return rows.map((r) => r.email).sort();
}
