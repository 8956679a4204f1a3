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
 * Who sends a notification's email. Payment failures and failing domains already have their own,
 * more detailed email, sent from the same event by the emails consumer (server/email/event-emails.ts)
 * to the people who can fix them: the notification centre does not send a second copy. Security notices are always
 * emailed from here; the rest follow the person's preference.
 */
export function notificationEmailPolicy(category: NotificationCategory): "sent-by-emails-consumer" | "always" | "preference" {
  if (category === "billing" || category === "domains") return "sent-by-emails-consumer";
  return NOTIFICATION_EMAIL[category] === "always" ? "always" : "preference";
}
