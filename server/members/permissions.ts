import type { MembershipRole } from "../db/schema/memberships";

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
  return ROLE_PERMISSIONS[role].includes(permission);
}

export const ROLE_LABELS: Record<MembershipRole, string> = {
  owner: "Owner",
  admin: "Admin",
  billing: "Billing",
  member: "Member",
};
export type { MembershipRole } from "../db/schema/memberships";
