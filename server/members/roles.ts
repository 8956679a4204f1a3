import type { MembershipRole } from "../db/schema";

// member < billing < admin < owner: "raising" a role means moving right.
const RANK: Record<MembershipRole, number> = { member: 0, billing: 1, admin: 2, owner: 3 };

export function roleRank(role: MembershipRole): number {
  return RANK[role];
}
