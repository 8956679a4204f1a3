import { sql } from "drizzle-orm";
import { boolean, check, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { OperatorRole } from "../../../lib/operator-roles";

// Users are global (a person can belong to many tenants), so this table has no tenant_id.
export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
    email: text("email").notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash").notNull(),
    // Bumped on sign-out and password change: every session minted with an older value ends.
    sessionVersion: integer("session_version").notNull().default(1),
    /** Platform staff: `support` reads every workspace, `admin` may also act (lib/operator-roles.ts); null for everyone else. */
    operatorRole: text("operator_role").$type<OperatorRole>(),
    /** Derived from operator_role, read-only: kept for SQL written against the old flag (drizzle/0030's functions). */
    isOperator: boolean("is_operator").generatedAlwaysAs(sql`operator_role IS NOT NULL`),
    // Null until the person follows a verification link (or accepts an invitation sent there).
    emailVerifiedAt: timestamp("email_verified_at", { withTimezone: true }),
    /** The workspace whose host the person last entered through a hand-off (drizzle/0045): where sign-in lands. No foreign key; every read re-checks membership. */
    lastTenantId: uuid("last_tenant_id"),
    /** The person's IANA time zone for times on the audit log and usage charts (drizzle/0047); null: UTC. */
    timeZone: text("time_zone"),
    /** The person's language (drizzle/0050): "en" or "de"; null until chosen (the browser's decides). */
    locale: text("locale"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("users_email_key").on(sql`lower(${t.email})`), check("users_operator_role_check", sql`${t.operatorRole} in ('support', 'admin')`), check("users_locale_check", sql`${t.locale} in ('en', 'de')`)],
);

export type User = typeof users.$inferSelect;
