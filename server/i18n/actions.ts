"use server";

import { isLocale, type Locale } from "@/lib/i18n/locales";
import { setLocaleCookie } from "@/server/i18n/locale-cookie";
import { getSessionUser } from "@/server/auth/current-user";
import { setLocale } from "@/server/users/set-locale";

/**
 * The language switch (footer, account page, account menu): kept in this host's cookie, and for
 * a signed-in person also on their account, so the next host they enter (a hand-off) follows.
 * Anything but a known locale is refused with a message, never stored.
 */
export async function chooseLocaleAction(locale: unknown): Promise<{ ok: true; locale: Locale } | { ok: false; error: string }> {
  if (!isLocale(locale)) return { ok: false, error: "Unknown language." };
  await setLocaleCookie(locale);
  const user = await getSessionUser();
  if (user) await setLocale({ userId: user.id, locale });
  return { ok: true, locale };
}
