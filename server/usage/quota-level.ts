// Moved to lib/quota-level.ts; import from there.
export * from "../../lib/quota-level";
