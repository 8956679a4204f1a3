import { sql } from "drizzle-orm";
import { index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./users";

/**
 * The operator audit log (DESIGN.md "Operator path"): what platform staff did, with the reason
 * they gave. Global (no tenant): an action may touch no workspace at all, such as retrying a
 * failed job. An action that touches a workspace is also written to that workspace's own
 * audit_events. The runtime role may only add rows (see the migration).
 */
export const operatorAuditEvents = pgTable(
  "operator_audit_events",
  {
    id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
    actorUserId: uuid("actor_user_id").references(() => users.id, { onDelete: "set null" }),
    action: text("action").notNull(),
    target: text("target"),
    reason: text("reason").notNull(),
    /** The workspace the action was about (not its owner: this log is global, never row-level secured). */
    targetTenantId: uuid("target_tenant_id"),
    ip: text("ip"),
    userAgent: text("user_agent"),
    metadata: jsonb("metadata").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("operator_audit_events_created_idx").on(t.createdAt, t.id)],
);

export type OperatorAuditEvent = typeof operatorAuditEvents.$inferSelect;
