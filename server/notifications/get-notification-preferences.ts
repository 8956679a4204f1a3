import { eq } from "drizzle-orm";
import { NOTIFICATION_CATEGORIES, NOTIFICATION_EMAIL, type NotificationCategory } from "../../lib/notification-categories";
import { getDb } from "../db/client";
import { notificationPreferences } from "../db/schema";

export type NotificationPreference = { category: NotificationCategory; email: boolean; locked: boolean };

export type GetNotificationPreferencesOptions = { userId: string };

/** Each category's email choice for the person: on unless turned off; billing, domains and security are locked on. */
export async function getNotificationPreferences({ userId }: GetNotificationPreferencesOptions): Promise<NotificationPreference[]> {
  const rows = await getDb().select().from(notificationPreferences).where(eq(notificationPreferences.userId, userId));
  const chosen = new Map(rows.map((r) => [r.category, r.email]));
  return NOTIFICATION_CATEGORIES.map((category) => {
    const locked = NOTIFICATION_EMAIL[category] === "always";
    return { category, email: locked ? true : (chosen.get(category) ?? true), locked };
  });
}
