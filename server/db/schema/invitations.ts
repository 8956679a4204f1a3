import { sql } from "drizzle-orm";
import { index, pgPolicy, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { membershipRole } from "./memberships";
import { ownerRole, tenantIsolation } from "./roles";
import { tenants } from "./tenants";
import { users } from "./users";

export const invitations = pgTable(
  "invitations",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().default(sql`gen_random_uuid()`),
    email: text("email").notNull(),
    role: membershipRole("role").notNull(),
    /** SHA-256 of the single-use link's token (the token itself is only in the email). */
    tokenHash: text("token_hash").notNull(),
    invitedBy: uuid("invited_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    acceptedAt: timestamp("accepted_at", { withTimezone: true }),
    acceptedBy: uuid("accepted_by").references(() => users.id, { onDelete: "set null" }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    // Looked up by token from the accept page (atrium_invitation_by_token); not unique, so it need not lead with tenant_id.
    index("invitations_token_idx").on(t.tokenHash),
    uniqueIndex("invitations_pending_email_key").on(t.tenantId, sql`lower(${t.email})`).where(sql`${t.acceptedAt} is null and ${t.revokedAt} is null`),
    tenantIsolation("invitations_isolation", t.tenantId),
    pgPolicy("invitations_owner_functions", { to: ownerRole, for: "select", using: sql`true` }),
  ],
);

export type Invitation = typeof invitations.$inferSelect;
