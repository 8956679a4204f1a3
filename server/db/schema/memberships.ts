import { sql } from "drizzle-orm";
import { index, pgEnum, pgPolicy, pgTable, primaryKey, timestamp, uuid } from "drizzle-orm/pg-core";
import { MEMBERSHIP_ROLES } from "../../../lib/permissions";
import { ownerRole, tenantIsolation } from "./roles";
import { tenants } from "./tenants";
import { users } from "./users";

// Roles are defined once, with their permissions (lib/permissions.ts).
export const membershipRole = pgEnum("membership_role", MEMBERSHIP_ROLES);

export const memberships = pgTable(
  "memberships",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: membershipRole("role").notNull().default("member"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.userId] }),
    index("memberships_user_idx").on(t.userId),
    // Each workspace's owners: the operator console shows and searches their email.
    index("memberships_owner_idx").on(t.tenantId, t.userId).where(sql`${t.role} = 'owner'`),
    tenantIsolation("memberships_isolation", t.tenantId),
    pgPolicy("memberships_owner_functions", { to: ownerRole, for: "select", using: sql`true` }),
  ],
);

export type Membership = typeof memberships.$inferSelect;
export type MembershipRole = (typeof membershipRole.enumValues)[number];
