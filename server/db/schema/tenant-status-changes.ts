import { sql } from "drizzle-orm";
import { check, index, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { tenantIsolation } from "./roles";
import { tenants } from "./tenants";
import { users } from "./users";

/** What caused a status change: the Stripe webhook, the lifecycle sweep, an operator, an owner, or the platform itself. */
export const STATUS_CHANGE_SOURCES = ["webhook", "sweep", "operator", "owner", "system"] as const;
export type StatusChangeSource = (typeof STATUS_CHANGE_SOURCES)[number];

/**
 * The lifecycle timeline (issue 13): one row per status change of a workspace, written in the
 * transaction of the change itself (server/tenants/record-status-change.ts). `to_status` holds
 * the lifecycle statuses plus `deleted` and `restored`, which are not tenant_status values but
 * are steps of the same life. The reason an operator gave is kept verbatim.
 */
export const tenantStatusChanges = pgTable(
  "tenant_status_changes",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().default(sql`gen_random_uuid()`),
    fromStatus: text("from_status"),
    toStatus: text("to_status").notNull(),
    source: text("source").$type<StatusChangeSource>().notNull(),
    reason: text("reason").notNull(),
    actorUserId: uuid("actor_user_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index("tenant_status_changes_tenant_created_idx").on(t.tenantId, t.createdAt, t.id),
    check("tenant_status_changes_source_check", sql`${t.source} in ('webhook', 'sweep', 'operator', 'owner', 'system')`),
    tenantIsolation("tenant_status_changes_isolation", t.tenantId),
  ],
);

export type TenantStatusChange = typeof tenantStatusChanges.$inferSelect;
