import { z } from "zod";
import type { EventType } from "../../lib/event-catalog";
import { MEMBERSHIP_ROLES } from "../../lib/permissions";

// Each event type's payload (`data`), version 1. A payload's shape only ever grows optional fields
// under the same version; anything else is a new version with its own schema here. The API
// reference publishes these as JSON Schema (z.toJSONSchema), and recordEvent refuses a payload
// that does not match, so what integrators were promised is what they get.

const id = z.string().min(1).max(200);
const workspace = z.object({ id: z.uuid(), slug: z.string(), name: z.string() }).strict();
const role = z.enum(MEMBERSHIP_ROLES);
const metric = z.string().max(64);

export const EVENT_SCHEMAS = {
  "workspace.created": z.object({ workspace, planId: z.string().nullable() }),
  "workspace.updated": z.object({ workspace, changes: z.array(z.string().max(64)).max(20) }),
  "workspace.suspended": z.object({ workspace, reason: z.string().max(500), previousStatus: z.string() }),
  "workspace.reactivated": z.object({ workspace, previousStatus: z.string() }),
  "workspace.cancelled": z.object({ workspace, previousStatus: z.string() }),
  "workspace.deleted": z.object({ workspace }),
  "subscription.created": z.object({ subscriptionId: id, planId: z.string().nullable(), status: z.string(), trialEndsAt: z.iso.datetime({ offset: true }).nullable() }),
  "subscription.plan_changed": z.object({ subscriptionId: id, fromPlanId: z.string().nullable(), toPlanId: z.string() }),
  "subscription.cancelled": z.object({ subscriptionId: id, planId: z.string().nullable(), atPeriodEnd: z.boolean(), endsAt: z.iso.datetime({ offset: true }).nullable() }),
  "invoice.paid": z.object({ invoiceId: id, amountCents: z.number().int(), currency: z.string().max(8) }),
  "invoice.payment_failed": z.object({ invoiceId: id, amountCents: z.number().int(), currency: z.string().max(8) }),
  "member.invited": z.object({ invitationId: id, email: z.string().max(320), role }),
  "member.joined": z.object({ userId: z.uuid(), email: z.string().max(320), role }),
  "member.role_changed": z.object({ userId: z.uuid(), fromRole: role, toRole: role }),
  "member.removed": z.object({ userId: z.uuid(), left: z.boolean() }),
  "api_key.created": z.object({ keyId: id, name: z.string().max(200), prefix: z.string().max(64), scopes: z.array(z.string()), rotatedFromKeyId: id.optional() }),
  "api_key.revoked": z.object({ keyId: id, name: z.string().max(200), prefix: z.string().max(64) }),
  "usage.threshold_reached": z.object({ metric, threshold: z.union([z.literal(80), z.literal(100)]), used: z.number(), limit: z.number(), periodStart: z.iso.datetime({ offset: true }) }),
  "domain.verified": z.object({ domainId: id, hostname: z.string().max(253) }),
  "domain.failing": z.object({ domainId: id, hostname: z.string().max(253), problems: z.array(z.string().max(500)).max(20), disablesAt: z.iso.datetime({ offset: true }).optional() }),
  "export.ready": z.object({ exportId: id, expiresAt: z.iso.datetime({ offset: true }).nullable() }),
  "support.access_started": z.object({ grantId: z.uuid(), mode: z.enum(["read", "write"]), minutes: z.number().int(), reason: z.string().max(1000) }),
} as const satisfies Record<EventType, z.ZodType>;

/** The version every event type is written at today. */
export const EVENT_VERSION = 1;

export type EventData<T extends EventType> = z.input<(typeof EVENT_SCHEMAS)[T]>;
