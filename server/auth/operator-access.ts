import "server-only";
import type { User } from "../db/schema";
import { getUserById } from "../users/get-user";
import { getSessionUser } from "./current-user";
import { hasSecondFactor } from "./second-factor";

type OperatorUser = User;

export type OperatorAccess = { kind: "operator"; user: OperatorUser } | { kind: "needs-second-factor"; user: OperatorUser } | { kind: "none" };

/**
 * Whether this request comes from a platform operator who may act: signed in, an operator, and
 * with a second factor (operators always need one). Everyone else is told nothing (not found).
 */
export async function operatorAccess(): Promise<OperatorAccess> {
  const session = await getSessionUser();
  const user = session ? await getUserById(session.id) : null;
  if (!user?.isOperator) return { kind: "none" };
  if (!(await hasSecondFactor(user.id))) return { kind: "needs-second-factor", user };
  return { kind: "operator", user };
}
