import { sql } from "drizzle-orm";
import { bigint, index, integer, pgPolicy, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { ownerRole, tenantIsolation } from "./roles";

export const MRR_MOVEMENT_KINDS = ["new", "expansion", "contraction", "churn", "reactivation"] as const;
export type MrrMovementKind = (typeof MRR_MOVEMENT_KINDS)[number];

/**
 * The revenue ledger: one row each time a workspace's monthly recurring revenue changes, written
 * in the same transaction as the subscription change that caused it (server/revenue/
 * record-mrr-movement.ts, called from apply-subscription-snapshot.ts). Amounts are normalised to a
 * month (a yearly price / 12) after recurring discounts, in cents.
 *
 * No foreign key to tenants on purpose: a purged workspace's movements stay, so the figures of
 * past months do not change when a churned workspace is removed. Rows hold amounts and plan ids
 * only, nothing personal.
 */
export const mrrMovements = pgTable(
  "mrr_movements",
  {
    tenantId: uuid("tenant_id").notNull(),
    /** 1, 2, 3 ... per workspace, written under the workspace lock: orders movements without clocks. */
    seq: integer("seq").notNull(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    kind: text("kind").$type<MrrMovementKind>().notNull(),
    fromCents: bigint("from_cents", { mode: "number" }).notNull(),
    toCents: bigint("to_cents", { mode: "number" }).notNull(),
    planId: text("plan_id"),
    interval: text("interval"),
    subscriptionId: text("subscription_id"),
    /** What moved it: the subscription status it followed, or "backfill". */
    cause: text("cause").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.seq] }),
    index("mrr_movements_occurred_idx").on(t.occurredAt),
    tenantIsolation("mrr_movements_isolation", t.tenantId),
    // atrium_operator_revenue() (SECURITY DEFINER, owned by the owner role) sums across workspaces.
    pgPolicy("mrr_movements_owner_functions", { to: ownerRole, for: "select", using: sql`true` }),
  ],
);

export type MrrMovement = typeof mrrMovements.$inferSelect;
