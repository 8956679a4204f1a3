import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./users";

// The public status page (status.ROOT_DOMAIN). Platform-wide tables: no tenant_id, so no
// row-level security; none of them holds a workspace's data.

/** One row per component and minute, written by the prober job (the first result of a minute wins). */
export const probeResults = pgTable(
  "probe_results",
  {
    component: text("component").notNull(),
    /** The minute probed, truncated to the minute (UTC). */
    minute: timestamp("minute", { withTimezone: true }).notNull(),
    ok: boolean("ok").notNull(),
    latencyMs: integer("latency_ms").notNull(),
    error: text("error"),
  },
  (t) => [primaryKey({ columns: [t.component, t.minute] }), index("probe_results_minute_idx").on(t.minute)],
);

export const incidents = pgTable(
  "incidents",
  {
    id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
    title: text("title").notNull(),
    impact: text("impact").notNull(),
    /** StatusComponent values (lib/status-page/catalog.ts). */
    components: text("components").array().notNull(),
    /** The newest update's status; `resolved` closes the incident. */
    status: text("status").notNull(),
    createdByUserId: uuid("created_by_user_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
  },
  (t) => [
    index("incidents_created_idx").on(t.createdAt),
    check("incidents_title_length", sql`char_length(${t.title}) between 1 and 200`),
    check("incidents_resolved_check", sql`(${t.status} = 'resolved') = (${t.resolvedAt} is not null)`),
  ],
);

export const incidentUpdates = pgTable(
  "incident_updates",
  {
    id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
    incidentId: uuid("incident_id")
      .notNull()
      .references(() => incidents.id, { onDelete: "cascade" }),
    status: text("status").notNull(),
    body: text("body").notNull(),
    authorUserId: uuid("author_user_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("incident_updates_incident_idx").on(t.incidentId, t.createdAt)],
);

/** People who asked for incident emails; only confirmed ones (double opt-in) get them. */
export const statusSubscribers = pgTable("status_subscribers", {
  id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
  email: text("email").notNull().unique(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  confirmedAt: timestamp("confirmed_at", { withTimezone: true }),
});

export type ProbeResult = typeof probeResults.$inferSelect;
export type Incident = typeof incidents.$inferSelect;
export type IncidentUpdate = typeof incidentUpdates.$inferSelect;
export type StatusSubscriber = typeof statusSubscribers.$inferSelect;
