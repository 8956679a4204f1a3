import { sql } from "drizzle-orm";
import { boolean, check, index, integer, jsonb, pgPolicy, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { ownerRole, tenantIsolation } from "./roles";
import { tenants } from "./tenants";
import type { Currency } from "../../../lib/plans";
import type { BillingDetails } from "../../../lib/billing-details";

/**
 * The tenant's billing account: its provider customer, and its *current* subscription (the one
 * whose state the workspace follows) as last seen from the provider. One row per tenant. Every
 * subscription the customer ever had is kept in `provider_subscriptions`; `subscription_id`
 * here only moves under the rules in server/billing/apply-subscription-snapshot.ts.
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
    /** A trial run by the provider (Stripe's `trial_end`); Atrium's own trial is tenants.trial_ends_at. */
    trialEnd: timestamp("trial_end", { withTimezone: true }),
    /** Local provider only: which test card pays the renewals. */
    localCard: text("local_card"),
    /** Local provider only: credit left by a plan change, drawn on by the next charges (drizzle/0051). */
    localCreditCents: integer("local_credit_cents").notNull().default(0),
    /** Local provider only: the day of the month its periods renew on, as Stripe's billing cycle anchor (drizzle/0052). */
    localAnchorDay: smallint("local_anchor_day"),
    /** When the current subscription's state was last applied (informational; never used to order). */
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

/**
 * Every subscription of the tenant's customer, current or not, with its last known state. An
 * event about a subscription updates its row here; only the current one reaches the workspace.
 */
export const providerSubscriptions = pgTable(
  "provider_subscriptions",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    subscriptionId: text("subscription_id").notNull(),
    provider: text("provider").$type<"stripe" | "local">().notNull(),
    customerId: text("customer_id").notNull(),
    status: text("status").notNull(),
    planId: text("plan_id"),
    interval: text("interval"),
    currentPeriodEnd: timestamp("current_period_end", { withTimezone: true }),
    cancelAtPeriodEnd: boolean("cancel_at_period_end").notNull().default(false),
    trialEnd: timestamp("trial_end", { withTimezone: true }),
    /** When the provider created it (Stripe's `created`): decides which of two live ones stays. */
    startedAt: timestamp("started_at", { withTimezone: true }),
    /** Set when this one was found to duplicate another live subscription and is being cancelled. */
    duplicateOf: text("duplicate_of"),
    firstSeenAt: timestamp("first_seen_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.subscriptionId] }), tenantIsolation("provider_subscriptions_isolation", t.tenantId)],
);

/**
 * Calls to the billing provider that must eventually happen (cancel a deleted workspace's
 * subscription, cancel and refund a duplicate), written in the transaction that decides them and
 * run after it commits, with retries and backoff until they succeed.
 */
export const billingJobs = pgTable(
  "billing_jobs",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().default(sql`gen_random_uuid()`),
    kind: text("kind").$type<BillingJobKind>().notNull(),
    subscriptionId: text("subscription_id").notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull().default({}),
    attempts: integer("attempts").notNull().default(0),
    runAfter: timestamp("run_after", { withTimezone: true }).notNull().defaultNow(),
    lastError: text("last_error"),
    doneAt: timestamp("done_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    // One job per intent: deciding the same thing twice (a replayed event) adds nothing.
    uniqueIndex("billing_jobs_intent_idx").on(t.tenantId, t.kind, t.subscriptionId),
    index("billing_jobs_due_idx").on(t.runAfter).where(sql`${t.doneAt} is null`),
    tenantIsolation("billing_jobs_isolation", t.tenantId),
    // atrium_due_billing_jobs() (SECURITY DEFINER, owned by the owner role) lists due jobs.
    pgPolicy("billing_jobs_owner_functions", { to: ownerRole, for: "select", using: sql`true` }),
  ],
);

/**
 * end_subscription: make a deleted workspace's subscription end (subscription_id: which one);
 * expire_checkouts: expire a deleted workspace's open checkouts (subscription_id: the customer);
 * cancel_duplicate: cancel and refund a duplicate (payload.keptSubscriptionId: the one kept).
 */
export type BillingJobKind = "end_subscription" | "expire_checkouts" | "cancel_duplicate";

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
    /** Stripe's PDF of the invoice; null offline (the PDF is made on request). */
    pdfUrl: text("pdf_url"),
    /** The workspace's billing details when the invoice was first recorded (drizzle/0049); null before them. */
    billedTo: jsonb("billed_to").$type<BillingDetails>(),
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
    /** The workspace's currency when the checkout started (drizzle/0048): the price its page showed. */
    currency: text("currency").$type<Currency>().notNull().default("usd"),
    status: text("status").$type<"open" | "completed" | "expired">().notNull().default("open"),
    /** The attempt id the form was rendered with: a double click finds the same session. */
    attemptId: text("attempt_id"),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex("local_checkout_sessions_attempt_idx").on(t.tenantId, t.attemptId),
    check("local_checkout_sessions_currency_check", sql`${t.currency} IN ('usd', 'eur')`),
    tenantIsolation("local_checkout_sessions_isolation", t.tenantId),
  ],
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
    /**
     * A sender's lease (claim, commit, send, record): while it lies ahead, no other sender takes
     * the email; a sender that died mid-send leaves it to be tried again once it has passed. After
     * a failure it is the time of the next attempt (backoff).
     */
    claimedUntil: timestamp("claimed_until", { withTimezone: true }),
  },
  (t) => [index("email_outbox_unsent_idx").on(t.createdAt).where(sql`${t.sentAt} is null`)],
);

export type Subscription = typeof subscriptions.$inferSelect;
export type ProviderSubscription = typeof providerSubscriptions.$inferSelect;
export type BillingJob = typeof billingJobs.$inferSelect;
export type Invoice = typeof invoices.$inferSelect;
