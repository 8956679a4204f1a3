import { sql } from "drizzle-orm";
import { boolean, check, index, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { NotificationCategory } from "../../../lib/notification-categories";
import { tenantIsolation } from "./roles";
import { tenants } from "./tenants";
import { users } from "./users";

/**
 * The bell's notifications (issue 15): one per person and event, written by the relay's
 * notifications consumer (server/notifications/notification-consumer.ts) in the transaction that
 * moves its cursor, and unique per (workspace, person, event), so a replay adds nothing.
 */
export const notifications = pgTable(
  "notifications",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().default(sql`gen_random_uuid()`),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    eventId: uuid("event_id").notNull(),
    category: text("category").$type<NotificationCategory>().notNull(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    /** A path in the workspace's dashboard (`/dashboard/usage`), never an absolute address. */
    link: text("link"),
    readAt: timestamp("read_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex("notifications_tenant_user_event_key").on(t.tenantId, t.userId, t.eventId),
    index("notifications_tenant_user_created_idx").on(t.tenantId, t.userId, t.createdAt),
    index("notifications_unread_idx").on(t.tenantId, t.userId).where(sql`${t.readAt} is null`),
    index("notifications_user_idx").on(t.userId),
    check("notifications_category_check", sql`${t.category} IN ('billing', 'usage', 'members', 'exports', 'domains', 'security', 'insights')`),
    tenantIsolation("notifications_isolation", t.tenantId),
  ],
);

export type Notification = typeof notifications.$inferSelect;

/** A person's email choice per category, across workspaces. No row: emailed (the default). */
export const notificationPreferences = pgTable(
  "notification_preferences",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    category: text("category").$type<NotificationCategory>().notNull(),
    email: boolean("email").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.category] })],
);
