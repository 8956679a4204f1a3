import { index, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./users";

/**
 * One row per session cookie minted (a sign-in on a host, or a hand-off onto another host). The
 * cookie carries the row's id as `sid`; a revoked or unknown id ends it (server/auth/session-check.ts).
 * `familyId` is the sign-in a hand-off continues (a fresh sign-in is its own family), so ending
 * a sign-in from the account page ends it on every host it was carried to. Browser, system and
 * network are read once from the request, for the list and for new-device alerts.
 */
export const authSessions = pgTable(
  "auth_sessions",
  {
    id: uuid("id").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    familyId: uuid("family_id").notNull(),
    host: text("host").notNull(),
    ip: text("ip"),
    userAgent: text("user_agent"),
    browser: text("browser").notNull(),
    os: text("os").notNull(),
    ipNetwork: text("ip_network").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    // Written at most every few minutes (TOUCH_INTERVAL in session-check.ts), never per request.
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    /** A session that ends by itself (support access): refused from this moment on. */
    expiresAt: timestamp("expires_at", { withTimezone: true }),
  },
  (t) => [index("auth_sessions_user_seen_idx").on(t.userId, t.lastSeenAt), index("auth_sessions_family_idx").on(t.familyId), index("auth_sessions_seen_idx").on(t.lastSeenAt)],
);

export type AuthSession = typeof authSessions.$inferSelect;

/** A GitHub or Google account that signs a user in (server/sessions/oauth-identity.ts). */
export const authIdentities = pgTable(
  "auth_identities",
  {
    provider: text("provider").notNull(),
    providerAccountId: text("provider_account_id").notNull(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    email: text("email"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.providerAccountId] }), uniqueIndex("auth_identities_user_provider_key").on(t.userId, t.provider)],
);
