export * from "./roles";
export * from "./users";
export * from "./tenants";
export * from "./memberships";
export * from "./audit-events";
export * from "./auth";
export * from "./billing";
export * from "./api";
