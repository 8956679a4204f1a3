import "server-only";
import type { RequestMeta } from "../audit/record-audit-event";
import { lockUser } from "../accounts/find-user";
import { getDb, type Transaction } from "../db/client";
import type { User } from "../db/schema";
import { AppError } from "../errors";
import { checkOperatorAction, type ActionRecord, type Operator } from "./operator-action";
import { recordOperatorAuditEvent } from "./record-operator-audit-event";

export type UserActionOptions = { operator: Operator; userId: string; reason: string; meta: RequestMeta };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Runs one operator action on a user account (which belongs to no workspace): admin check and
 * reason, then one transaction that locks the user, applies the change and writes the operator
 * audit event.
 */
export async function actOnUser<T>(options: UserActionOptions, action: string, apply: (tx: Transaction, user: User, reason: string) => Promise<ActionRecord<T>>): Promise<T> {
  const reason = checkOperatorAction(options.operator, options.reason);
  if (typeof options.userId !== "string" || !UUID.test(options.userId)) throw new AppError("NOT_FOUND", "Account not found.");
  return getDb().transaction(async (tx) => {
    const user = await lockUser(tx, options.userId);
    if (!user) throw new AppError("NOT_FOUND", "Account not found.");
    const { metadata = {}, result } = await apply(tx, user, reason);
    await recordOperatorAuditEvent(tx, { actorUserId: options.operator.id, action, target: `user:${user.id}`, reason, metadata, meta: options.meta });
    return result;
  });
}
