// Moved to lib/permissions.ts (components import it too); import from there.
export { hasPermission, PERMISSIONS, ROLE_LABELS, ROLE_PERMISSIONS, type MembershipRole, type Permission } from "../../lib/permissions";
