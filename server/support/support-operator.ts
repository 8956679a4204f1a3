import "server-only";
import { eq, sql } from "drizzle-orm";
import { getDb } from "../db/client";
import { users } from "../db/schema";
import { secondFactorCondition } from "../two-factor/has-second-factor";
import type { SupportAccess } from "./support-access";

/**
 * What a support session may still do, asked on every request it makes: the grant travels in the
 * session's token, but who may use it is the operator's role now, not when it was started. An
 * operator whose role was taken away (or who no longer has a second factor, which every operator
 * must have and which lets support skip a workspace's two-factor rule) is signed out of it (null);
 * an operator admin made a support operator keeps reading but loses write access.
 */
export async function liveSupportAccess(userId: string, support: SupportAccess): Promise<SupportAccess | null> {
  const [row] = await getDb()
    .select({ role: users.operatorRole, secondFactor: sql<boolean>`${secondFactorCondition(sql`${users.id}`)}` })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  if (!row?.role || row.secondFactor !== true) return null;
  return support.write && row.role !== "admin" ? { ...support, write: false } : support;
}
