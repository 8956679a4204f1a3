import { sql } from "drizzle-orm";
import { boolean, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { tenantIsolation } from "./roles";
import { tenants } from "./tenants";

/**
 * A workspace's webhook endpoint (issue 15). The signing secret is stored sealed
 * (server/webhooks/secret-box.ts); after a rotation the previous one keeps signing beside the new
 * one until `previousSecretExpiresAt`. `leaseUntil`/`leaseToken` mark the one delivery in flight
 * (drizzle/0039 atrium_webhook_claim).
 */
export const webhookEndpoints = pgTable(
  "webhook_endpoints",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().default(sql`gen_random_uuid()`),
    url: text("url").notNull(),
    description: text("description").notNull().default(""),
    /** Empty: every event type. */
    eventTypes: text("event_types").array().notNull().default(sql`'{}'`),
    secretSealed: text("secret_sealed").notNull(),
    previousSecretSealed: text("previous_secret_sealed"),
    previousSecretExpiresAt: timestamp("previous_secret_expires_at", { withTimezone: true }),
    enabled: boolean("enabled").notNull().default(true),
    disabledReason: text("disabled_reason"),
    failingSince: timestamp("failing_since", { withTimezone: true }),
    leaseUntil: timestamp("lease_until", { withTimezone: true }),
    leaseToken: uuid("lease_token"),
    createdBy: uuid("created_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), tenantIsolation("webhook_endpoints_isolation", t.tenantId)],
);

export type WebhookEndpoint = typeof webhookEndpoints.$inferSelect;
export type WebhookDeliveryKind = "event" | "test" | "resend";
export type WebhookDeliveryStatus = "pending" | "succeeded" | "failed";

/** One message to one endpoint: an event (once per endpoint), a test send, or a resend. */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().default(sql`gen_random_uuid()`),
    endpointId: uuid("endpoint_id").notNull(),
    kind: text("kind").$type<WebhookDeliveryKind>().notNull().default("event"),
    eventId: uuid("event_id"),
    /** The Standard Webhooks `webhook-id`: the event's id, the same on every retry and resend. */
    messageId: text("message_id").notNull(),
    eventType: text("event_type").notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    status: text("status").$type<WebhookDeliveryStatus>().notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    lastAttemptAt: timestamp("last_attempt_at", { withTimezone: true }),
    lastResponseStatus: integer("last_response_status"),
    lastDurationMs: integer("last_duration_ms"),
    resendOf: uuid("resend_of"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ name: "webhook_deliveries_endpoint_fk", columns: [t.tenantId, t.endpointId], foreignColumns: [webhookEndpoints.tenantId, webhookEndpoints.id] }).onDelete("cascade"),
    uniqueIndex("webhook_deliveries_event_key").on(t.tenantId, t.endpointId, t.eventId).where(sql`${t.kind} = 'event'`),
    index("webhook_deliveries_due_idx").on(t.tenantId, t.endpointId, t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index("webhook_deliveries_log_idx").on(t.tenantId, t.endpointId, t.createdAt),
    tenantIsolation("webhook_deliveries_isolation", t.tenantId),
  ],
);

export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;

/** Each HTTP request of a delivery, as sent and as answered (the body cut to 2 KiB). */
export const webhookAttempts = pgTable(
  "webhook_attempts",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().default(sql`gen_random_uuid()`),
    deliveryId: uuid("delivery_id").notNull(),
    attempt: integer("attempt").notNull(),
    requestHeaders: jsonb("request_headers").$type<Record<string, string>>().notNull(),
    requestBody: text("request_body").notNull(),
    responseStatus: integer("response_status"),
    responseBody: text("response_body"),
    durationMs: integer("duration_ms").notNull(),
    error: text("error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ name: "webhook_attempts_delivery_fk", columns: [t.tenantId, t.deliveryId], foreignColumns: [webhookDeliveries.tenantId, webhookDeliveries.id] }).onDelete("cascade"),
    index("webhook_attempts_delivery_idx").on(t.tenantId, t.deliveryId, t.attempt),
    tenantIsolation("webhook_attempts_isolation", t.tenantId),
  ],
);
