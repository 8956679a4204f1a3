import { sql } from "drizzle-orm";
import { integer, pgEnum, pgPolicy, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { ownerRole, tenantIsolation } from "./roles";
import { tenants } from "./tenants";
import { users } from "./users";

export const exportStatus = pgEnum("export_status", ["queued", "running", "ready", "failed"]);

/** A workspace JSON export, built in the background; the file lives in storage under `storageKey`. */
export const workspaceExports = pgTable(
  "workspace_exports",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().default(sql`gen_random_uuid()`),
    requestedBy: uuid("requested_by").references(() => users.id, { onDelete: "set null" }),
    status: exportStatus("status").notNull().default("queued"),
    /** 0-100, and the part being written, for the progress bar. */
    progress: integer("progress").notNull().default(0),
    stage: text("stage"),
    storageKey: text("storage_key"),
    sizeBytes: integer("size_bytes"),
    error: text("error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    tenantIsolation("workspace_exports_isolation", t.tenantId),
    pgPolicy("workspace_exports_owner_functions", { to: ownerRole, for: "select", using: sql`true` }),
  ],
);

export type WorkspaceExport = typeof workspaceExports.$inferSelect;
