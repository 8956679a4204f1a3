import { sql } from "drizzle-orm";
import { boolean, check, index, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { tenantIsolation } from "./roles";
import { tenants } from "./tenants";
import { users } from "./users";

/** The longest support access an operator can start (the default is 30 minutes). */
export const SUPPORT_ACCESS_MAX_MINUTES = 240;

/**
 * Support access ("view as", issue 13): an operator enters one workspace's dashboard as
 * themselves, for a limited time, read-only unless an operator admin gave a separate reason for
 * write access. Started from the console (server/support/start-support-access.ts), redeemed
 * through the ordinary one-time host hand-off, which carries the grant into the new session's
 * token (`sup`) and gives that session record the grant's expiry. Ending a grant ends that
 * session. Workspace-owned (its owners see the grants in their audit log), so it carries the
 * tenant's row-level security.
 */
export const supportAccessGrants = pgTable(
  "support_access_grants",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().default(sql`gen_random_uuid()`),
    operatorUserId: uuid("operator_user_id").references(() => users.id, { onDelete: "set null" }),
    reason: text("reason").notNull(),
    writeAccess: boolean("write_access").notNull().default(false),
    writeReason: text("write_reason"),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    /** The session on the workspace's host that redeemed the grant (one redemption only). */
    authSessionId: uuid("auth_session_id"),
    endedAt: timestamp("ended_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index("support_access_grants_tenant_started_idx").on(t.tenantId, t.startedAt),
    check("support_access_grants_write_reason_check", sql`${t.writeAccess} = (${t.writeReason} is not null)`),
    check("support_access_grants_duration_check", sql`${t.expiresAt} > ${t.startedAt} and ${t.expiresAt} <= ${t.startedAt} + interval '240 minutes'`),
    tenantIsolation("support_access_grants_isolation", t.tenantId),
  ],
);

export type SupportAccessGrant = typeof supportAccessGrants.$inferSelect;
