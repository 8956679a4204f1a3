// The catalogue of domain events (issue 15): what webhooks, the events API, NATS and the
// notification centre can carry. Plain data, safe in client components (the webhook form's event
// filter). Each type's payload schema, per version, is in server/events/schemas.ts; a payload's
// shape changes only under a new version.

export const EVENT_TYPES = [
  "workspace.created",
  "workspace.updated",
  "workspace.suspended",
  "workspace.reactivated",
  "workspace.cancelled",
  "workspace.deleted",
  "subscription.created",
  "subscription.plan_changed",
  "subscription.cancelled",
  "invoice.paid",
  "invoice.payment_failed",
  "member.invited",
  "member.joined",
  "member.role_changed",
  "member.removed",
  "api_key.created",
  "api_key.revoked",
  "usage.threshold_reached",
  "domain.verified",
  "domain.failing",
  "export.ready",
  "support.access_started",
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

export function isEventType(value: unknown): value is EventType {
  return typeof value === "string" && (EVENT_TYPES as readonly string[]).includes(value);
}

export const EVENT_DESCRIPTIONS: Record<EventType, string> = {
  "workspace.created": "A workspace was created.",
  "workspace.updated": "A workspace's name, branding or settings changed.",
  "workspace.suspended": "A workspace was suspended (payment overdue, trial ended, or by the platform).",
  "workspace.reactivated": "A suspended or cancelled workspace is active again.",
  "workspace.cancelled": "A workspace's subscription ended and the workspace is cancelled.",
  "workspace.deleted": "A workspace was deleted by its owner or by the platform.",
  "subscription.created": "A subscription started (a trial or a paid plan).",
  "subscription.plan_changed": "The subscription moved to another plan.",
  "subscription.cancelled": "The subscription was cancelled, at once or at the end of the period.",
  "invoice.paid": "An invoice was paid.",
  "invoice.payment_failed": "A payment for an invoice failed.",
  "member.invited": "Someone was invited to the workspace.",
  "member.joined": "Someone joined the workspace (an invitation was accepted).",
  "member.role_changed": "A member's role changed.",
  "member.removed": "A member was removed or left.",
  "api_key.created": "An API key was created (or rotated into a new key).",
  "api_key.revoked": "An API key was revoked.",
  "usage.threshold_reached": "A metered quota reached 80 % or 100 % of its limit in this period.",
  "domain.verified": "A custom domain was verified.",
  "domain.failing": "A verified custom domain's DNS no longer points here.",
  "export.ready": "A requested workspace export is ready to download.",
  "support.access_started": "Platform support opened the workspace (read-only or with write access).",
};
