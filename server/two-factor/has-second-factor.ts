import { sql, type SQL } from "drizzle-orm";
import { getDb, type Transaction } from "../db/client";
import { passkeys, userTotp } from "../db/schema";

/**
 * THE definition of "has a second factor", as one SQL condition, so the sign-in step, Auth.js's
 * password endpoint, the workspace policy (which folds it into the membership read) and the
 * operator console all ask the same question: a confirmed authenticator app, or any passkey.
 */
export function secondFactorCondition(userId: string | SQL): SQL {
  return sql`(exists (select 1 from ${userTotp} where ${userTotp.userId} = ${userId} and ${userTotp.confirmedAt} is not null)
    or exists (select 1 from ${passkeys} where ${passkeys.userId} = ${userId}))`;
}

export async function userHasSecondFactor(userId: string, db: Pick<Transaction, "execute"> = getDb()): Promise<boolean> {
  const [row] = await db.execute<{ has: boolean }>(sql`select ${secondFactorCondition(userId)} as has`);
  return row?.has === true;
}
