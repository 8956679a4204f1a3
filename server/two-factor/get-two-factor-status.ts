import { and, count, eq, isNull } from "drizzle-orm";
import { getDb } from "../db/client";
import { userRecoveryCodes, userTotp } from "../db/schema";

export type TwoFactorStatus = { enabled: boolean; enabledAt: Date | null; recoveryCodesLeft: number };

export async function getTwoFactorStatus(userId: string): Promise<TwoFactorStatus> {
  const [row] = await getDb().select({ confirmedAt: userTotp.confirmedAt }).from(userTotp).where(eq(userTotp.userId, userId));
  if (!row?.confirmedAt) return { enabled: false, enabledAt: null, recoveryCodesLeft: 0 };
  const [left] = await getDb()
    .select({ n: count() })
    .from(userRecoveryCodes)
    .where(and(eq(userRecoveryCodes.userId, userId), isNull(userRecoveryCodes.usedAt)));
  return { enabled: true, enabledAt: row.confirmedAt, recoveryCodesLeft: left?.n ?? 0 };
}
