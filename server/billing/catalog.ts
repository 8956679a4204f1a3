// Moved to lib/plans.ts (the browser imports it too); import from there.
export * from "../../lib/plans";
