import { sql } from "drizzle-orm";
import { bigint, index, integer, pgPolicy, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { ownerRole, tenantIsolation } from "./roles";
import { tenants } from "./tenants";
import { users } from "./users";

export const apiKeys = pgTable(
  "api_keys",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().default(sql`gen_random_uuid()`),
    name: text("name").notNull(),
    /** The first characters of the key, shown in lists (`atr_live_AbC1…`). */
    prefix: text("prefix").notNull(),
    /** SHA-256 of the whole key; the key itself is shown once and never stored. */
    keyHash: text("key_hash").notNull(),
    scopes: text("scopes").array().notNull(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    /** Set on rotation: the key that replaced this one (which stays valid until expiresAt). */
    replacedBy: uuid("replaced_by"),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    // Lookup by hash crosses tenants (atrium_api_key_by_hash); not unique, so it need not lead with tenant_id.
    index("api_keys_hash_idx").on(t.keyHash),
    uniqueIndex("api_keys_active_name_key").on(t.tenantId, t.name).where(sql`${t.revokedAt} is null and ${t.replacedBy} is null`),
    tenantIsolation("api_keys_isolation", t.tenantId),
    pgPolicy("api_keys_owner_functions", { to: ownerRole, for: "select", using: sql`true` }),
  ],
);

// The one tenant table whose reference to tenants(id) is not a row-level foreign key: a batch of
// 1,000 events would run 1,000 parent checks. drizzle/0019 enforces the same rule per statement
// (every tenant exists and is locked FOR KEY SHARE until commit) and deletes a workspace's events
// with it, as ON DELETE CASCADE did.
export const usageEvents = pgTable(
  "usage_events",
  {
    tenantId: uuid("tenant_id").notNull(),
    metric: text("metric").notNull(),
    quantity: bigint("quantity", { mode: "number" }).notNull(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    idempotencyKey: text("idempotency_key").notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // No surrogate id (drizzle/0055): each event's key is its identity, one index entry per event.
    primaryKey({ name: "usage_events_idempotency_key", columns: [t.tenantId, t.idempotencyKey] }),
    tenantIsolation("usage_events_isolation", t.tenantId),
  ],
);

/** Incremental roll-ups, so reads never scan raw events. */
export const usageRollups = pgTable(
  "usage_rollups",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    metric: text("metric").notNull(),
    granularity: text("granularity").$type<"hour" | "day">().notNull(),
    bucketStart: timestamp("bucket_start", { withTimezone: true }).notNull(),
    quantity: bigint("quantity", { mode: "number" }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.metric, t.granularity, t.bucketStart] }),
    tenantIsolation("usage_rollups_isolation", t.tenantId),
    // The operator console's per-workspace usage (operator_workspace_stats, drizzle/0028) reads across tenants.
    pgPolicy("usage_rollups_owner_functions", { to: ownerRole, for: "select", using: sql`true` }),
  ],
);

/** One row per (metric, period, threshold) alert, so each fires once per period. */
export const usageAlerts = pgTable(
  "usage_alerts",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    metric: text("metric").notNull(),
    periodStart: timestamp("period_start", { withTimezone: true }).notNull(),
    threshold: integer("threshold").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.metric, t.periodStart, t.threshold] }), tenantIsolation("usage_alerts_isolation", t.tenantId)],
);

/** GCRA state for the PostgreSQL rate-limit store: the theoretical arrival time per key. */
export const rateLimitBuckets = pgTable("rate_limit_buckets", {
  key: text("key").primaryKey(),
  tat: timestamp("tat", { withTimezone: true, precision: 6 }).notNull(),
});

export type ApiKey = typeof apiKeys.$inferSelect;

/**
 * Usage beyond a soft limit, one row per accepted batch and metric. Reported to the billing
 * provider after commit (Stripe meter events use the row id as their identifier, so a retried
 * report is never counted twice); the local provider records it as reported at once.
 */
export const usageOverage = pgTable(
  "usage_overage",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().default(sql`gen_random_uuid()`),
    metric: text("metric").notNull(),
    quantity: bigint("quantity", { mode: "number" }).notNull(),
    periodStart: timestamp("period_start", { withTimezone: true }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    reportedAt: timestamp("reported_at", { withTimezone: true }),
    provider: text("provider"),
    attempts: integer("attempts").notNull().default(0),
    /** A reporter's lease (claim, commit, call Stripe, record); after a failure, the next attempt. */
    claimedUntil: timestamp("claimed_until", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index("usage_overage_pending_idx").on(t.tenantId, t.createdAt).where(sql`${t.reportedAt} is null`),
    tenantIsolation("usage_overage_isolation", t.tenantId),
    pgPolicy("usage_overage_owner_functions", { to: ownerRole, for: "select", using: sql`true` }),
  ],
);
