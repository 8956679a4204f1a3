import { sql } from "drizzle-orm";
import { boolean, index, integer, pgPolicy, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { ownerRole, tenantIsolation } from "./roles";
import { tenants } from "./tenants";

/**
 * The tenant's subscription as last seen from its billing provider (Stripe, or the local
 * provider offline). One row per tenant; `stateAsOf` orders snapshots so an older one never
 * overwrites a newer one.
 */
export const subscriptions = pgTable(
  "subscriptions",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    provider: text("provider").$type<"stripe" | "local">().notNull(),
    customerId: text("customer_id").notNull(),
    subscriptionId: text("subscription_id"),
    status: text("status"),
    planId: text("plan_id"),
    interval: text("interval"),
    currentPeriodEnd: timestamp("current_period_end", { withTimezone: true }),
    cancelAtPeriodEnd: boolean("cancel_at_period_end").notNull().default(false),
    /** Local provider only: which test card pays the renewals. */
    localCard: text("local_card"),
    stateAsOf: timestamp("state_as_of", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId] }),
    index("subscriptions_customer_idx").on(t.customerId),
    tenantIsolation("subscriptions_isolation", t.tenantId),
    pgPolicy("subscriptions_owner_functions", { to: ownerRole, for: "select", using: sql`true` }),
  ],
);

export const invoices = pgTable(
  "invoices",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    id: text("id").notNull(),
    number: text("number"),
    status: text("status").notNull(),
    amountCents: integer("amount_cents").notNull(),
    currency: text("currency").notNull().default("usd"),
    periodEnd: timestamp("period_end", { withTimezone: true }),
    hostedUrl: text("hosted_url"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), tenantIsolation("invoices_isolation", t.tenantId)],
);

/** Atrium's own checkout, used when no Stripe keys are configured. */
export const localCheckoutSessions = pgTable(
  "local_checkout_sessions",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().default(sql`gen_random_uuid()`),
    planId: text("plan_id").notNull(),
    interval: text("interval").notNull(),
    status: text("status").$type<"open" | "completed" | "expired">().notNull().default("open"),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), tenantIsolation("local_checkout_sessions_isolation", t.tenantId)],
);

/** Webhook events already processed (recorded in the same transaction as their effects). */
export const billingEvents = pgTable("billing_events", {
  eventId: text("event_id").primaryKey(),
  type: text("type").notNull(),
  processedAt: timestamp("processed_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Emails are written here in the transaction that causes them and sent after commit. */
export const emailOutbox = pgTable(
  "email_outbox",
  {
    id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
    /** Makes each email idempotent: a replayed cause cannot send it twice. */
    dedupeKey: text("dedupe_key").notNull().unique(),
    toAddress: text("to_address").notNull(),
    subject: text("subject").notNull(),
    bodyText: text("body_text").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
  },
  (t) => [index("email_outbox_unsent_idx").on(t.createdAt).where(sql`${t.sentAt} is null`)],
);

export type Subscription = typeof subscriptions.$inferSelect;
export type Invoice = typeof invoices.$inferSelect;
