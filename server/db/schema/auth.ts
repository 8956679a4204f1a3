import { index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./users";

// One-time sign-in hand-off between hosts (DESIGN.md, "Host names"). Only a hash is stored.
export const authHandoffs = pgTable(
  "auth_handoffs",
  {
    tokenHash: text("token_hash").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    targetHost: text("target_host").notNull(),
    // The session this hand-off continues (null for a fresh sign-in): the new one joins its family.
    parentSessionId: uuid("parent_session_id"),
    /** Set when the sign-in came through this workspace's single sign-on (enforced SSO reads it). */
    ssoTenantId: uuid("sso_tenant_id"),
    /** Support access (support-access.ts): the grant this hand-off opens, in that workspace. */
    supportTenantId: uuid("support_tenant_id"),
    supportGrantId: uuid("support_grant_id"),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("auth_handoffs_expires_idx").on(t.expiresAt)],
);

/**
 * Single-use tokens sent to a person or held in a cookie during sign-in (password reset, email
 * verification, magic links, a pending second factor, SSO state). Only a SHA-256 hash is stored;
 * `purpose` keeps a token of one kind from being redeemed as another. `email` is the address the
 * token was sent to (an email change verifies the new address before it replaces the old one).
 */
export const authTokens = pgTable(
  "auth_tokens",
  {
    tokenHash: text("token_hash").primaryKey(),
    purpose: text("purpose").notNull(),
    userId: uuid("user_id").references(() => users.id, { onDelete: "cascade" }),
    email: text("email"),
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("auth_tokens_user_purpose_idx").on(t.userId, t.purpose), index("auth_tokens_expires_idx").on(t.expiresAt)],
);

export type AuthToken = typeof authTokens.$inferSelect;
