import { NOTIFICATION_EMAIL, type NotificationCategory } from "../../lib/notification-categories";
import type { EventType } from "../../lib/event-catalog";

/** The events the bell announces (server/notifications/describe-notification.ts says how). */
export const NOTIFIED_EVENT_TYPES: ReadonlySet<string> = new Set<EventType>([
  "invoice.payment_failed",
  "usage.threshold_reached",
  "member.joined",
  "export.ready",
  "domain.failing",
  "support.access_started",
]);

/**
 * Who sends a notification's email. Payment failures (server/billing/record-invoice.ts) and domain
 * failures (server/domains/domains.ts) are already emailed by the change itself, to the people who
 * can fix them: the notification centre does not send a second copy. Security notices are always
 * emailed from here; the rest follow the person's preference.
 */
export function notificationEmailPolicy(category: NotificationCategory): "sent-by-change" | "always" | "preference" {
  if (category === "billing" || category === "domains") return "sent-by-change";
  return NOTIFICATION_EMAIL[category] === "always" ? "always" : "preference";
}
