// Moved to lib/api-scopes.ts; import from there.
export * from "../../lib/api-scopes";
