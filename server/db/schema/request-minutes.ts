import { sql } from "drizzle-orm";
import { check, index, integer, pgPolicy, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { ownerRole, tenantIsolation } from "./roles";
import { tenants } from "./tenants";

/** Where a request was served: the public API (API keys) or the dashboard's tRPC calls. */
export const REQUEST_SURFACES = ["api", "dashboard"] as const;
export type RequestSurface = (typeof REQUEST_SURFACES)[number];

/**
 * One workspace's requests in one minute on one surface (issue 14, SLA reports): how many, how
 * many answered 5xx, and a latency histogram (`latency_buckets[i]` counts requests at or under
 * LATENCY_BOUNDS_MS[i], the last one everything slower). Gathered in memory and added here every
 * few seconds (server/sla/request-minutes.ts), never written per request.
 */
export const workspaceRequestMinutes = pgTable(
  "workspace_request_minutes",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    surface: text("surface").$type<RequestSurface>().notNull(),
    minute: timestamp("minute", { withTimezone: true }).notNull(),
    requests: integer("requests").notNull(),
    serverErrors: integer("server_errors").notNull(),
    latencyBuckets: integer("latency_buckets").array().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.surface, t.minute] }),
    check("workspace_request_minutes_surface_check", sql`${t.surface} in ('api', 'dashboard')`),
    tenantIsolation("workspace_request_minutes_isolation", t.tenantId),
    // The console's SLA read (drizzle/0037) runs as the owner: by month across workspaces.
    index("workspace_request_minutes_minute_idx").on(t.minute),
    pgPolicy("workspace_request_minutes_owner_functions", { to: ownerRole, for: "select", using: sql`true` }),
  ],
);
