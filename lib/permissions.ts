// Roles and what each may do: one table, read by server procedures and by components alike.

export const MEMBERSHIP_ROLES = ["owner", "admin", "billing", "member"] as const;
export type MembershipRole = (typeof MEMBERSHIP_ROLES)[number];

export const PERMISSIONS = [
  "tenant:read",
  "tenant:update",
  "tenant:delete",
  "members:read",
  "members:manage",
  "billing:read",
  "billing:manage",
  "audit:read",
  "api-keys:manage",
  "security:manage",
  "sso:manage",
] as const;

export type Permission = (typeof PERMISSIONS)[number];

// The one role -> permission table; procedures declare the permission they need.
export const ROLE_PERMISSIONS: Record<MembershipRole, readonly Permission[]> = {
  owner: PERMISSIONS,
  admin: ["tenant:read", "tenant:update", "members:read", "members:manage", "audit:read", "api-keys:manage"],
  billing: ["tenant:read", "members:read", "billing:read", "billing:manage"],
  member: ["tenant:read", "members:read"],
};

export function hasPermission(role: MembershipRole, permission: Permission): boolean {
  return Object.hasOwn(ROLE_PERMISSIONS, role) && ROLE_PERMISSIONS[role].includes(permission);
}

/**
 * Whether someone who may manage members may change this member's role or remove them: never
 * themselves, and an owner only when they are an owner too (server/members/manage-members.ts
 * refuses the rest).
 */
export function canEditMember(actorRole: MembershipRole, targetRole: MembershipRole, isSelf: boolean): boolean {
  return hasPermission(actorRole, "members:manage") && !isSelf && (actorRole === "owner" || targetRole !== "owner");
}

export const ROLE_LABELS: Record<MembershipRole, string> = {
  owner: "Owner",
  admin: "Admin",
  billing: "Billing",
  member: "Member",
};

// member < billing < admin < owner: "raising" a role means moving right.
const RANK: Record<MembershipRole, number> = { member: 0, billing: 1, admin: 2, owner: 3 };

export function roleRank(role: MembershipRole): number {
  return RANK[role];
}
