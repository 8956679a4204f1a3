import type { MembershipRole } from "../db/schema";
import type { SupportAccess } from "./support-access";

/** The role support access has in its workspace: the owner's view (what it may change is decided separately). */
export const SUPPORT_ROLE: MembershipRole = "owner";

/**
 * The role a signed-in user has in `tenantId` through support access, or null when their
 * session is not a live support session for that workspace (they are then checked as a member).
 */
export function supportRoleIn(user: { support?: SupportAccess | null } | null | undefined, tenantId: string): MembershipRole | null {
  const support = user?.support;
  if (!support || support.tenantId !== tenantId || support.expiresAt.getTime() <= Date.now()) return null;
  return SUPPORT_ROLE;
}
