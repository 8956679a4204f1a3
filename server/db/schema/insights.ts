import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgPolicy, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { ownerRole, tenantIsolation } from "./roles";
import { tenants } from "./tenants";
import { users } from "./users";

export type InsightReportStatus = "queued" | "running" | "done" | "failed";

/**
 * One analysis of a workspace (issue 16): asked for with "Analyse now" or run by the nightly job.
 * `facts` holds the computed numbers (server/insights/insight-facts.ts); the scores are columns so
 * the operator console ranks workspaces without reading the JSON. At most one is queued or running
 * per workspace (a partial unique index).
 */
export const insightReports = pgTable(
  "insight_reports",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().default(sql`gen_random_uuid()`),
    requestedBy: uuid("requested_by").references(() => users.id, { onDelete: "set null" }),
    periodStart: timestamp("period_start", { withTimezone: true }).notNull(),
    status: text("status").$type<InsightReportStatus>().notNull().default("queued"),
    progress: integer("progress").notNull().default(0),
    stage: text("stage"),
    facts: jsonb("facts").$type<Record<string, unknown>>(),
    summary: text("summary"),
    churnScore: integer("churn_score"),
    expansionScore: integer("expansion_score"),
    error: text("error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index("insight_reports_tenant_created_idx").on(t.tenantId, t.createdAt),
    uniqueIndex("insight_reports_active_key").on(t.tenantId).where(sql`${t.status} in ('queued', 'running')`),
    tenantIsolation("insight_reports_isolation", t.tenantId),
    pgPolicy("insight_reports_owner_functions", { to: ownerRole, for: "select", using: sql`true` }),
  ],
);

export type InsightReport = typeof insightReports.$inferSelect;
