// Moved to lib/permissions.ts; import from there.
export { roleRank } from "../../lib/permissions";
