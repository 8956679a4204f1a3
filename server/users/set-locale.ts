import { eq } from "drizzle-orm";
import type { Locale } from "../../lib/i18n/locales";
import { getDb } from "../db/client";
import { users } from "../db/schema";

/** Saves the person's language (already checked by isLocale). */
export async function setLocale({ userId, locale }: { userId: string; locale: Locale }): Promise<void> {
  await getDb().update(users).set({ locale, updatedAt: new Date() }).where(eq(users.id, userId));
}

/** The person's chosen language, or null when they have not chosen one. */
export async function getLocaleOf(userId: string): Promise<Locale | null> {
  const [row] = await getDb().select({ locale: users.locale }).from(users).where(eq(users.id, userId));
  return (row?.locale as Locale | null | undefined) ?? null;
}
