import { NOTIFICATION_CATEGORY_LABELS, NOTIFICATION_EMAIL, type NotificationCategory } from "../../lib/notification-categories";
import { getDb } from "../db/client";
import { notificationPreferences } from "../db/schema";
import { AppError } from "../errors";

export type SetNotificationPreferenceOptions = { userId: string; category: NotificationCategory; email: boolean };

/** Turns one category's emails on or off for the person, in every workspace. */
export async function setNotificationPreference({ userId, category, email }: SetNotificationPreferenceOptions): Promise<{ category: NotificationCategory; email: boolean }> {
  if (NOTIFICATION_EMAIL[category] === "always") {
    throw new AppError("BAD_REQUEST", `${NOTIFICATION_CATEGORY_LABELS[category].label} emails cannot be turned off.`);
  }
  await getDb()
    .insert(notificationPreferences)
    .values({ userId, category, email })
    .onConflictDoUpdate({ target: [notificationPreferences.userId, notificationPreferences.category], set: { email, updatedAt: new Date() } });
  return { category, email };
}
