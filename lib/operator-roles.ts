// Platform operators (the console on admin.ROOT_DOMAIN). Isomorphic: the console's pages and
// the server both read it.

export const OPERATOR_ROLES = ["support", "admin"] as const;
export type OperatorRole = (typeof OPERATOR_ROLES)[number];

export function isOperatorRole(value: unknown): value is OperatorRole {
  return typeof value === "string" && (OPERATOR_ROLES as readonly string[]).includes(value);
}

/** `support` reads everything; `admin` may also act (suspend, extend, override, ...). */
export function operatorMayAct(role: OperatorRole): boolean {
  return role === "admin";
}
