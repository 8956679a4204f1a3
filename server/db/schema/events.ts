import { sql } from "drizzle-orm";
import { bigint, customType, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { tenantIsolation } from "./roles";
import { tenants } from "./tenants";

/** PostgreSQL's 64-bit transaction id; read and written as its decimal text. */
const xid8 = customType<{ data: string; driverData: string }>({ dataType: () => "xid8" });

/** Who caused an event: a member, an API key, platform staff, or the system (a job, Stripe). */
export type EventActor = { type: "user"; id: string } | { type: "api_key"; id: string } | { type: "operator"; id: string } | { type: "system" };

/**
 * The domain events of issue 15 (transactional outbox): one row per change, written in the
 * change's own transaction (server/events/record-event.ts), read by the relay's consumers
 * (webhooks, notifications, NATS) and by `GET /api/v1/events`. Append-only for the runtime role.
 *
 * Readers walk it in (xid, seq) order and only below the oldest transaction still running
 * (`pg_snapshot_xmin`): every transaction with a smaller id has ended, so nothing can appear
 * behind a reader's cursor later. (`seq` alone would not do: a transaction that took a smaller
 * `seq` may commit after a larger one was read.)
 */
export const events = pgTable(
  "events",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().default(sql`gen_random_uuid()`),
    seq: bigint("seq", { mode: "number" }).generatedAlwaysAsIdentity().notNull(),
    xid: xid8("xid").notNull().default(sql`pg_current_xact_id()`),
    type: text("type").notNull(),
    version: integer("version").notNull(),
    data: jsonb("data").$type<Record<string, unknown>>().notNull(),
    actor: jsonb("actor").$type<EventActor>().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index("events_tenant_order_idx").on(t.tenantId, t.xid, t.seq),
    index("events_order_idx").on(t.xid, t.seq),
    tenantIsolation("events_isolation", t.tenantId),
  ],
);

export type StoredEvent = typeof events.$inferSelect;

/** Each relay consumer's position in the (xid, seq) order of `events`. Platform-wide. */
export const eventConsumerCursors = pgTable("event_consumer_cursors", {
  consumer: text("consumer").primaryKey(),
  lastXid: xid8("last_xid").notNull().default(sql`'0'::xid8`),
  lastSeq: bigint("last_seq", { mode: "number" }).notNull().default(0),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
