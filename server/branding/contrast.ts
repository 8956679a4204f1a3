// Moved to lib/contrast.ts; import from there.
export * from "../../lib/contrast";
