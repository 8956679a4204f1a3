import { sql } from "drizzle-orm";
import { index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { tenantIsolation } from "./roles";
import { tenants } from "./tenants";
import { users } from "./users";

export const auditEvents = pgTable(
  "audit_events",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().default(sql`gen_random_uuid()`),
    actorUserId: uuid("actor_user_id").references(() => users.id, { onDelete: "set null" }),
    action: text("action").notNull(),
    target: text("target"),
    ip: text("ip"),
    userAgent: text("user_agent"),
    metadata: jsonb("metadata").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    // Keyset pagination, newest first: `order by created_at desc, id desc` walks these backwards.
    // (Ascending on purpose: drizzle writes `.desc()` as DESC NULLS LAST, which that ORDER BY
    // (DESC NULLS FIRST) cannot use, so the log was sorted in full on every view.) The filters
    // by action and by actor get their own, each ending in the same sort key.
    index("audit_events_tenant_created_idx").on(t.tenantId, t.createdAt, t.id),
    index("audit_events_tenant_action_created_idx").on(t.tenantId, t.action, t.createdAt, t.id),
    index("audit_events_tenant_actor_created_idx").on(t.tenantId, t.actorUserId, t.createdAt, t.id),
    tenantIsolation("audit_events_isolation", t.tenantId),
  ],
);

export type AuditEvent = typeof auditEvents.$inferSelect;
